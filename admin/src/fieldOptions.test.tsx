import * as yup from 'yup';

import { FIELD_OPTIONS } from './fieldOptions';

/** How the Content-Type Builder uses the validator: merged into the attribute's `options` schema. */
const errorsFor = async (options: Record<string, unknown>): Promise<string[]> => {
  const schema = yup.object().shape({ options: yup.object().shape(FIELD_OPTIONS.validator()) });
  try {
    await schema.validate({ options }, { abortEarly: false });
    return [];
  } catch (error) {
    return (error as yup.ValidationError).inner.map((inner) => `${inner.path}: ${inner.message}`);
  }
};

const optionNames = (sections: typeof FIELD_OPTIONS.base) =>
  sections.flatMap((section) => section.items.map((item) => item.name));

describe('field options', () => {
  it('accepts the settings default, a shorthand or ISO lifetime, a language code and a tour delay', async () => {
    expect(await errorsFor({})).toEqual([]);
    expect(await errorsFor({ validFor: '', lang: '', ts: null })).toEqual([]);
    expect(await errorsFor({ validFor: '30m', lang: 'zh-TW', ts: -1 })).toEqual([]);
    expect(await errorsFor({ validFor: 'PT10M', lang: 'fr', ts: 3600 })).toEqual([]);
  });

  it('refuses what the server would refuse at start-up, with a translated message id', async () => {
    expect(await errorsFor({ validFor: 'ten minutes' })).toEqual([
      'options.validFor: matterport.options.validFor.error.format',
    ]);
    expect(await errorsFor({ validFor: '10s' })).toEqual([
      'options.validFor: matterport.options.validFor.error.tooShort',
    ]);
    expect(await errorsFor({ validFor: '2d' })).toEqual([
      'options.validFor: matterport.options.validFor.error.tooLong',
    ]);
    expect(await errorsFor({ lang: 'French' })).toEqual([
      'options.lang: matterport.options.lang.error',
    ]);
    expect(await errorsFor({ ts: 1.5 })).toEqual(['options.ts: matterport.options.ts.error']);
    expect(await errorsFor({ ts: 3601 })).toEqual(['options.ts: matterport.options.ts.error']);
  });

  it('delivery: link, on-demand or the plugin default, as the server reads it (parseFieldOptions)', async () => {
    const { parseFieldOptions } =
      require('../../common/showcase') as typeof import('../../common/showcase');
    for (const delivery of ['link', 'on-demand', '', null]) {
      expect(await errorsFor({ delivery })).toEqual([]);
      expect(() => parseFieldOptions({ delivery })).not.toThrow();
    }
    for (const delivery of ['on_demand', 'Link', 'lazy']) {
      expect(await errorsFor({ delivery })).toEqual([
        'options.delivery: matterport.options.delivery.error',
      ]);
      expect(() => parseFieldOptions({ delivery })).toThrow(/delivery/);
    }
    // The select offers exactly the server's modes, and the default (empty: the plugin's).
    const select = FIELD_OPTIONS.base
      .flatMap((section) => section.items)
      .find((item) => item.name === 'options.delivery');
    expect(select?.options?.map((o) => o.value)).toEqual(['', 'link', 'on-demand']);
  });

  it('access: private, public, auto or the default (private), as the server reads it (issue 28)', async () => {
    const { parseFieldOptions } =
      require('../../common/showcase') as typeof import('../../common/showcase');
    for (const access of ['private', 'public', 'auto', '', null]) {
      expect(await errorsFor({ access })).toEqual([]);
      expect(() => parseFieldOptions({ access })).not.toThrow();
    }
    for (const access of ['Public', 'pme', 'open']) {
      expect(await errorsFor({ access })).toEqual([
        'options.access: matterport.options.access.error',
      ]);
      expect(() => parseFieldOptions({ access })).toThrow(/access/);
    }
    const select = FIELD_OPTIONS.base
      .flatMap((section) => section.items)
      .find((item) => item.name === 'options.access');
    expect(select?.options?.map((o) => o.value)).toEqual(['', 'private', 'public', 'auto']);
  });

  it('connections: ids separated by commas, or empty for every connection (issue 26)', async () => {
    for (const connections of ['', null, 'default', 'default, harbour-estates', 'a,b2']) {
      expect(await errorsFor({ connections })).toEqual([]);
    }
    for (const connections of ['Harbour', 'default; harbour', '-lead', 'a b_c']) {
      expect(await errorsFor({ connections })).toEqual([
        'options.connections: matterport.options.connections.error',
      ]);
    }
  });

  it('keeps the common options in view and offers every Showcase parameter the server accepts', () => {
    expect(optionNames(FIELD_OPTIONS.base)).toEqual([
      'options.delivery',
      'options.access',
      'options.validFor',
      'options.connections',
      'options.preset',
      'options.play',
      'options.qs',
      'options.brand',
    ]);
    const all = [...optionNames(FIELD_OPTIONS.base), ...optionNames(FIELD_OPTIONS.advanced)];
    for (const param of [
      'help',
      'mls',
      'title',
      'lang',
      'hl',
      'tour',
      'ts',
      'dh',
      'gt',
      'hr',
      'mt',
      'f',
      'vr',
      'nozoom',
      'search',
      'fs',
      'wh',
    ]) {
      expect(all).toContain(`options.${param}`);
    }
  });

  it('stores booleans as true/false or leaves them to Matterport, and enums as the values the server accepts', () => {
    const items = [...FIELD_OPTIONS.base, ...FIELD_OPTIONS.advanced].flatMap(
      (section) => section.items
    );
    const play = items.find((item) => item.name === 'options.play');
    expect(play?.type).toBe('select-default-boolean');
    expect(play?.options?.map((choice) => choice.value)).toEqual(['', 'true', 'false']);
    const help = items.find((item) => item.name === 'options.help');
    expect(help?.options?.map((choice) => choice.value)).toEqual(['', '0', '1', '2']);
    const tour = items.find((item) => item.name === 'options.tour');
    expect(tour?.options?.map((choice) => choice.value)).toEqual(['', '0', '1', '2', '3']);
  });
});
