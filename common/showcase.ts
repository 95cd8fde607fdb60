import { ACCESS_MODES, type AccessMode } from './catalogue';
import { CONNECTION_ID_RULE, isConnectionId } from './connection-id';
import { parseValidFor } from './duration';
import type { ShowcaseParam } from './showcase-link';

/**
 * Showcase URL parameters an editor may set per field (the attribute's options).
 * Only known keys with simple values are accepted: a value is a boolean (sent as 1/0),
 * a small integer from a fixed set, or a short token, so nothing can escape its URL
 * component. Sources: Matterport's verified parameters and its "URL Parameters" article.
 */
type ParamRule =
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly number[] }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'token'; pattern: RegExp; hint: string };

// Typed by the one list of names: a name without a rule, or a rule without a name, does not compile.
export const SHOWCASE_PARAMS: Record<ShowcaseParam, ParamRule> = {
  play: { kind: 'boolean' },
  qs: { kind: 'boolean' },
  brand: { kind: 'boolean' },
  help: { kind: 'enum', values: [0, 1, 2] },
  hl: { kind: 'enum', values: [0, 1, 2] },
  dh: { kind: 'boolean' },
  gt: { kind: 'boolean' },
  hr: { kind: 'boolean' },
  mt: { kind: 'boolean' },
  mls: { kind: 'enum', values: [0, 1, 2] },
  title: { kind: 'boolean' },
  ts: { kind: 'integer', min: -1, max: 3600 },
  lang: {
    kind: 'token',
    pattern: /^[a-z]{2}(-[A-Za-z]{2,4})?$/,
    hint: 'a language code such as en, fr or zh-TW',
  },
  f: { kind: 'boolean' },
  vr: { kind: 'boolean' },
  nozoom: { kind: 'boolean' },
  search: { kind: 'boolean' },
  tour: { kind: 'enum', values: [0, 1, 2, 3] },
  fs: { kind: 'boolean' },
  wh: { kind: 'boolean' },
  st: { kind: 'integer', min: 0, max: 100000 },
  start: {
    kind: 'token',
    pattern: /^[A-Za-z0-9_.,-]{1,200}$/,
    hint: 'letters, digits and . , _ - only',
  },
  // Start sweep and start rotation ("URL Parameters" article: `ss=39&sr=-.95,-1.08`).
  ss: { kind: 'integer', min: 0, max: 100000 },
  sr: {
    kind: 'token',
    pattern: /^-?(\d{1,3}(\.\d{1,6})?|\.\d{1,6})(,-?(\d{1,3}(\.\d{1,6})?|\.\d{1,6}))?$/,
    hint: 'one or two angles in radians separated by a comma, such as -.95,-1.08',
  },
  applicationKey: {
    kind: 'token',
    pattern: /^[A-Za-z0-9]{1,64}$/,
    hint: 'letters and digits only',
  },
};

/**
 * How a field's published values are delivered (issue 27): `link` mints a link into every
 * read (server-rendered pages); `on-demand` delivers no token, only a poster and an
 * activation URL that mints one when a visitor asks (static, cached and listing pages).
 */
export const DELIVERY_MODES = ['link', 'on-demand'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export const isDeliveryMode = (value: unknown): value is DeliveryMode =>
  typeof value === 'string' && (DELIVERY_MODES as readonly string[]).includes(value);

/** Option keys that are not Showcase parameters. */
const OTHER_OPTION_KEYS = new Set(['validFor', 'delivery', 'connections', 'access', 'preset']);

export const isAccessMode = (value: unknown): value is AccessMode =>
  typeof value === 'string' && (ACCESS_MODES as readonly string[]).includes(value);

export type ShowcaseParamValue = boolean | number | string;
export type FieldOptions = {
  validFor?: string;
  delivery?: DeliveryMode;
  /** Connection ids the field allows, comma-separated (the Content-Type Builder's text input) or a list; absent: all. */
  connections?: string | string[];
  /** How the field reaches its space (issue 28): `private` (default), `public` or `auto`. */
  access?: AccessMode;
} & Record<string, ShowcaseParamValue | undefined>;

export class FieldOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldOptionsError';
  }
}

/** A Showcase parameter's value in its URL form ('1', '0', '12', 'en'), or a FieldOptionsError. */
export const checkParam = (key: string, value: unknown): string => {
  const rule = SHOWCASE_PARAMS[key as ShowcaseParam];
  switch (rule.kind) {
    case 'boolean':
      if (typeof value === 'boolean') return value ? '1' : '0';
      // 0 and 1 as numbers or in their URL form (a stored value's params).
      if (value === 0 || value === 1 || value === '0' || value === '1') return String(value);
      throw new FieldOptionsError(`Showcase option "${key}" must be true or false.`);
    case 'enum':
      if (typeof value === 'boolean') return value ? '1' : '0';
      if (typeof value === 'number' && rule.values.includes(value)) return String(value);
      if (typeof value === 'string' && rule.values.map(String).includes(value)) return value;
      throw new FieldOptionsError(
        `Showcase option "${key}" must be one of ${rule.values.join(', ')}.`
      );
    case 'integer': {
      const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
      if (typeof n === 'number' && Number.isInteger(n) && n >= rule.min && n <= rule.max)
        return String(n);
      throw new FieldOptionsError(
        `Showcase option "${key}" must be a whole number from ${rule.min} to ${rule.max}.`
      );
    }
    case 'token':
      if (typeof value === 'string' && rule.pattern.test(value)) return value;
      throw new FieldOptionsError(`Showcase option "${key}" must be ${rule.hint}.`);
  }
};

/**
 * The `connections` option: the ids of the connections whose spaces the field may hold, as the
 * Content-Type Builder's text input gives them ("brand-a, brand-b") or as a list. Only the
 * spelling is checked here (a schema is written before or without the connections it names);
 * a write naming a connection that does not exist is refused when the value is written.
 */
export const parseConnectionsOption = (value: unknown): string[] | undefined => {
  const items =
    typeof value === 'string'
      ? value.split(/[\s,]+/).filter(Boolean)
      : Array.isArray(value)
        ? value
        : undefined;
  if (!items || items.some((id) => !isConnectionId(id)))
    throw new FieldOptionsError(
      `Matterport field option "connections" must list connection ids separated by commas (for example "default, harbour-estates"); each ${CONNECTION_ID_RULE}.`
    );
  const unique = [...new Set(items as string[])];
  return unique.length ? unique : undefined;
};

/**
 * Validates a field's options and returns them split into the link lifetime and the
 * Showcase query string (already encoded). Throws FieldOptionsError naming the bad key.
 */
export const parseFieldOptions = (
  options: unknown,
  /**
   * The plugin's `presets` (issue 28): a field's `preset` option names one, whose Showcase
   * parameters come first (the field's own options override them). Without this argument (the
   * Content-Type Builder's check, which has no plugin configuration) only the name's spelling
   * is checked.
   */
  presets?: Readonly<Record<string, ShowcaseParams>>
): {
  validForSeconds?: number;
  delivery?: DeliveryMode;
  /** The connection ids the field allows, in the order given; undefined: every connection. */
  connections?: string[];
  /** The field's `access` option; undefined: `private` (PME, as before). */
  access?: AccessMode;
  query: string;
} => {
  if (options === undefined || options === null) return { query: '' };
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new FieldOptionsError('The Matterport field options must be an object.');
  }
  const params = new URLSearchParams();
  const preset = (options as Record<string, unknown>).preset;
  if (preset !== undefined && preset !== null && preset !== '') {
    if (typeof preset !== 'string' || !PRESET_NAME.test(preset))
      throw new FieldOptionsError(
        'Matterport field option "preset" must be the name of a preset: letters, digits, _ and - (at most 64).'
      );
    if (presets) {
      if (!Object.prototype.hasOwnProperty.call(presets, preset))
        throw new FieldOptionsError(
          `Matterport field option "preset" names "${preset}", which the plugin's "presets" option does not define (it defines ${
            Object.keys(presets)
              .map((n) => `"${n}"`)
              .join(', ') || 'none'
          }).`
        );
      for (const [key, value] of Object.entries(presets[preset])) params.set(key, value);
    }
  }
  let validForSeconds: number | undefined;
  let delivery: DeliveryMode | undefined;
  let connections: string[] | undefined;
  let access: AccessMode | undefined;
  for (const [key, value] of Object.entries(options as Record<string, unknown>)) {
    if (value === undefined || value === null || value === '') continue;
    if (key === 'connections') {
      connections = parseConnectionsOption(value);
      continue;
    }
    if (key === 'access') {
      if (!isAccessMode(value))
        throw new FieldOptionsError(
          `Matterport field option "access" must be one of ${ACCESS_MODES.join(', ')}.`
        );
      access = value;
      continue;
    }
    if (key === 'delivery') {
      if (!isDeliveryMode(value))
        throw new FieldOptionsError(
          `Matterport field option "delivery" must be one of ${DELIVERY_MODES.join(', ')}.`
        );
      delivery = value;
      continue;
    }
    if (key === 'validFor') {
      try {
        validForSeconds = parseValidFor(value, 'validFor');
      } catch (error) {
        throw new FieldOptionsError((error as Error).message);
      }
      continue;
    }
    if (!Object.prototype.hasOwnProperty.call(SHOWCASE_PARAMS, key)) {
      if (OTHER_OPTION_KEYS.has(key)) continue;
      throw new FieldOptionsError(
        `Unknown Matterport field option "${key}". Known options: validFor, delivery, connections, access, ${Object.keys(SHOWCASE_PARAMS).join(', ')}.`
      );
    }
    params.set(key, checkParam(key, value));
  }
  return { validForSeconds, delivery, connections, access, query: params.toString() };
};

/** A preset's name (the plugin's `presets` keys, a field's `preset` option). */
export const PRESET_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Showcase parameters in their URL form, by key (a preset, a value's per-entry `params`). */
export type ShowcaseParams = Record<string, string>;

/** Parameters a value may not set for its own entry: bound to the site, not to the entry. */
const FIELD_ONLY_PARAMS: ReadonlySet<string> = new Set(['applicationKey']);

/**
 * Showcase parameters given as an object (a preset of the plugin's `presets`, a value's
 * per-entry `params`): each checked by the rules of the field options and returned in its URL
 * form. `entry`: a value's overrides, which may not set the site's `applicationKey`.
 */
export const parseShowcaseParams = (
  input: unknown,
  { entry = false }: { entry?: boolean } = {}
): ShowcaseParams => {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new FieldOptionsError('Showcase parameters must be an object such as { "play": true }.');
  const out: ShowcaseParams = {};
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (value === undefined || value === null || value === '') continue;
    if (
      !Object.prototype.hasOwnProperty.call(SHOWCASE_PARAMS, key) ||
      (entry && FIELD_ONLY_PARAMS.has(key))
    )
      throw new FieldOptionsError(
        `Unknown Showcase parameter "${key}". Known: ${Object.keys(SHOWCASE_PARAMS)
          .filter((k) => !entry || !FIELD_ONLY_PARAMS.has(k))
          .join(', ')}.`
      );
    out[key] = checkParam(key, value);
  }
  return out;
};

// The appending rule lives in its own import-free file so that the front-end kit (client/)
// can use it without pulling in the duration parser and its dependency.
export { PROTECTED_LINK_PARAMS, withShowcaseParams } from './showcase-link';
