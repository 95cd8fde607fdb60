import type { MatterportEmbed } from '../../common/value';
import { SandboxControl } from '../../sandbox/src';

/** A value as the content API delivers it: the kit's and the server's type. */
export type Delivered = MatterportEmbed;

/** Asserts a delivered value carries a link the sandbox's Showcase page accepts for this model. */
export const expectShowcaseAccepts = async (
  value: Delivered | null | undefined,
  modelId: string
) => {
  expect(value).toBeTruthy();
  const embed = value as Delivered;
  expect(embed.error).toBeUndefined();
  expect(embed.modelId).toBe(modelId);
  expect(typeof embed.link).toBe('string');
  expect(typeof embed.accessToken).toBe('string');
  expect(Date.parse(embed.validUntil as string)).toBeGreaterThan(Date.now());
  const page = await fetch(embed.link as string);
  const html = await page.text();
  expect(html).toContain('data-status="valid"');
  expect(new URL(embed.link as string).searchParams.get('m')).toBe(modelId);
  return embed;
};

export const statusOf = async (sandboxOrigin: string, accessToken: string) =>
  (await new SandboxControl(sandboxOrigin).embedToken(accessToken)).status;
