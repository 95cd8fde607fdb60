import type { ConnectionTestResult } from '../../../common/contracts/settings';
import { toMatterportError } from '../../../common/errors';
import type { EmbedLink } from './types';

/** Seconds the test embed link is minted for: it is revoked at once, and dies soon if that fails. */
export const TEST_LINK_SECONDS = 30;

/**
 * The calls a connection test makes, with the credentials and account token under test bound
 * by the client (which also decides whether their outcomes count for health).
 */
export interface ConnectionTestSteps {
  /** One active model of the account, if it has any. */
  firstActiveModel(): Promise<string | undefined>;
  mint(modelId: string): Promise<EmbedLink>;
  /** Matterport refused the mint with an authorization error. */
  mintRefused(): void;
  revoke(accessToken: string): Promise<boolean>;
  warn(message: string): void;
}

/**
 * What happens after the token was granted, and what the admin is told: one active model is
 * listed, a link valid for TEST_LINK_SECONDS is minted and revoked at once (a token alone does
 * not prove the account has Private Model Embed). Failures after the token are reported in
 * `mint`, never thrown.
 */
export async function runConnectionTest(
  granted: { scope: string; expiresIn: number },
  steps: ConnectionTestSteps
): Promise<ConnectionTestResult> {
  let modelId: string | undefined;
  try {
    modelId = await steps.firstActiveModel();
  } catch (error) {
    const failure = toMatterportError(error, 'listModels');
    return {
      ...granted,
      ok: false,
      pme: 'unknown',
      mint: {
        tested: false,
        ok: null,
        modelId: null,
        code: failure.code,
        message: `The credentials work, but listing the models failed, so no embed link was tried: ${failure.message}`,
      },
    };
  }
  if (!modelId) {
    return {
      ...granted,
      ok: true,
      pme: 'unknown',
      mint: {
        tested: false,
        ok: null,
        modelId: null,
        code: null,
        message:
          'The credentials work. The embed link was not tested: this account has no active models.',
      },
    };
  }
  let link: EmbedLink;
  try {
    link = await steps.mint(modelId);
  } catch (error) {
    const failure = toMatterportError(error, 'createLink');
    if (failure.code === 'MATTERPORT_AUTH_FAILED') steps.mintRefused();
    // Refused with working credentials, or refused as unsupported for an active space (the test
    // mints for an active one): the account has no Private Model Embed (issue 28).
    const noPme =
      failure.code === 'MATTERPORT_AUTH_FAILED' || failure.code === 'MATTERPORT_BAD_REQUEST';
    const message =
      failure.code === 'MATTERPORT_AUTH_FAILED'
        ? 'The credentials work, but Matterport refused to create an embed link: Private Model Embed may not be enabled for this account (or this client may not use it).'
        : noPme
          ? 'The credentials work, but Matterport refused to create an embed link for an active space as unsupported: Private Model Embed is not available to this account. Fields with access "auto" or "public" deliver public and unlisted spaces with plain Showcase links.'
          : `The credentials work, but creating an embed link failed: ${failure.message}`;
    return {
      ...granted,
      ok: false,
      pme: noPme ? 'unavailable' : 'unknown',
      mint: { tested: true, ok: false, modelId, code: failure.code, message },
    };
  }
  // Best effort: the test link must not outlive the test, but a failed revocation is said, not hidden.
  const revoked = await steps.revoke(link.accessToken).catch(() => false);
  if (!revoked) {
    steps.warn(
      `[matterport] Test connection: the test embed link of model ${modelId} could not be revoked; it expires within ${TEST_LINK_SECONDS} s.`
    );
  }
  return {
    ...granted,
    ok: true,
    pme: 'available',
    mint: {
      tested: true,
      ok: true,
      modelId,
      code: null,
      message: revoked
        ? null
        : `The test embed link could not be revoked; it expires by itself within ${TEST_LINK_SECONDS} seconds.`,
    },
  };
}
