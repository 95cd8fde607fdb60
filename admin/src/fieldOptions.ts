import * as yup from 'yup';

import { ACCESS_MODES } from '../../common/catalogue';
import {
  DELIVERY_MODES,
  parseConnectionsOption,
  PRESET_NAME,
  SHOWCASE_PARAMS,
} from '../../common/showcase';

import { checkValidFor, type ValidForProblem } from './utils/duration';
import { getTranslation } from './utils/getTranslation';

/**
 * The field's options in the Content-Type Builder. They become `options` on the
 * attribute, which the server turns into the link lifetime and Showcase URL
 * parameters; it refuses to start on an invalid value, so the same rules are
 * checked here, before the schema is written.
 *
 * Booleans use a three-way select (Matterport's default / yes / no) rather than a
 * checkbox: a checkbox cannot say "leave it to Matterport", and these parameters
 * have different defaults in Matterport (brand and title are on, play is off).
 */

interface Message {
  id: string;
  defaultMessage: string;
}

interface SelectChoice {
  key: string;
  value: string;
  metadatas: { intlLabel: Message };
}

interface OptionItem {
  name: string;
  type: 'text' | 'number' | 'select' | 'select-default-boolean' | 'checkbox';
  intlLabel: Message;
  description: Message;
  placeholder?: Message;
  options?: SelectChoice[];
}

interface OptionSection {
  sectionTitle: Message | null;
  items: OptionItem[];
}

const t = (id: string, defaultMessage: string): Message => ({
  id: getTranslation(id),
  defaultMessage,
});

const MATTERPORT_DEFAULT = {
  key: 'default',
  value: '',
  metadatas: { intlLabel: t('options.choice.default', 'Matterport’s default') },
};

const toggle = (param: string, label: string, description: string): OptionItem => ({
  name: `options.${param}`,
  type: 'select-default-boolean',
  intlLabel: t(`options.${param}.label`, label),
  description: t(`options.${param}.description`, description),
  options: [
    MATTERPORT_DEFAULT,
    { key: 'true', value: 'true', metadatas: { intlLabel: t('options.choice.on', 'Yes (1)') } },
    { key: 'false', value: 'false', metadatas: { intlLabel: t('options.choice.off', 'No (0)') } },
  ],
});

const choice = (
  param: string,
  label: string,
  description: string,
  values: Array<[string, string]>
): OptionItem => ({
  name: `options.${param}`,
  type: 'select',
  intlLabel: t(`options.${param}.label`, label),
  description: t(`options.${param}.description`, description),
  options: [
    MATTERPORT_DEFAULT,
    ...values.map(([value, text]) => ({
      key: value,
      value,
      metadatas: { intlLabel: t(`options.${param}.${value}`, text) },
    })),
  ],
});

const validFor: OptionItem = {
  name: 'options.validFor',
  type: 'text',
  intlLabel: t('options.validFor.label', 'Link lifetime'),
  description: t(
    'options.validFor.description',
    'How long each delivered embed link works: 30s to 24h, e.g. 30m, 1h or PT10M. Empty uses the default from Settings → Matterport.'
  ),
  placeholder: t('options.validFor.placeholder', 'Settings default'),
};

/**
 * The field's delivery mode (issue 27). Empty leaves it to the plugin's `defaultDelivery`
 * (config/plugins), which the admin cannot read, hence "plugin default" rather than a mode.
 */
const delivery: OptionItem = {
  name: 'options.delivery',
  type: 'select',
  intlLabel: t('options.delivery.label', 'Delivery'),
  description: t(
    'options.delivery.description',
    'Link: every read carries a link that expires (server-rendered pages). On demand: no link in the content, only a poster and an activation URL that gets a link when a visitor opens the space (static, cached and listing pages).'
  ),
  options: [
    {
      key: 'default',
      value: '',
      metadatas: { intlLabel: t('options.delivery.default', 'Plugin default (defaultDelivery)') },
    },
    {
      key: 'link',
      value: 'link',
      metadatas: { intlLabel: t('options.delivery.link', 'Link in every read') },
    },
    {
      key: 'on-demand',
      value: 'on-demand',
      metadatas: { intlLabel: t('options.delivery.on-demand', 'On demand (poster, then a click)') },
    },
  ],
};

/**
 * How the field reaches its space (issue 28). Empty is the server's default, `private`.
 */
const access: OptionItem = {
  name: 'options.access',
  type: 'select',
  intlLabel: t('options.access.label', 'Access'),
  description: t(
    'options.access.description',
    'Private: a Private Model Embed link (Enterprise). Public: the plain Showcase link, for public and unlisted spaces only, nothing minted. Auto: Private Model Embed when the account has it, else the plain link for public and unlisted spaces.'
  ),
  options: [
    {
      key: 'default',
      value: '',
      metadatas: { intlLabel: t('options.access.default', 'Private (default)') },
    },
    {
      key: 'private',
      value: 'private',
      metadatas: { intlLabel: t('options.access.private', 'Private Model Embed') },
    },
    {
      key: 'public',
      value: 'public',
      metadatas: { intlLabel: t('options.access.public', 'Plain Showcase link (public spaces)') },
    },
    {
      key: 'auto',
      value: 'auto',
      metadatas: { intlLabel: t('options.access.auto', 'Auto (PME when available)') },
    },
  ],
};

/**
 * The connections (Matterport organisations) whose spaces the field may hold (issue 26). Text,
 * as the builder has no list input; the server reads "a, b" (common/showcase.ts). Empty: all.
 */
const connections: OptionItem = {
  name: 'options.connections',
  type: 'text',
  intlLabel: t('options.connections.label', 'Allowed connections'),
  description: t('options.connections.description', 'Connection ids, comma-separated; empty: all'),
  placeholder: t('options.connections.placeholder', 'default, harbour-estates'),
};

/**
 * A named preset of Showcase options from the plugin's configuration (issue 28, `presets`):
 * its parameters come first and the field's own options override them. Text: the builder
 * cannot read the server's configuration; the server refuses to start on an unknown name.
 */
const preset: OptionItem = {
  name: 'options.preset',
  type: 'text',
  intlLabel: t('options.preset.label', 'Showcase preset'),
  description: t(
    'options.preset.description',
    'A name from the plugin’s presets (config/plugins); the options below override it'
  ),
  placeholder: t('options.preset.placeholder', 'tour'),
};

const base: OptionSection[] = [
  {
    sectionTitle: t('options.section.delivery', 'Delivery'),
    items: [delivery, access, validFor, connections, preset],
  },
  {
    sectionTitle: t('options.section.start', 'How Showcase starts'),
    items: [
      toggle(
        'play',
        'Start automatically (play)',
        'Open the space at once instead of showing a play button.'
      ),
      toggle('qs', 'Quickstart (qs)', 'Skip the fly-in and start inside the space.'),
      toggle(
        'brand',
        'Show “Presented by” (brand)',
        'Show the space owner’s branding and contact details.'
      ),
    ],
  },
];

const advanced: OptionSection[] = [
  {
    sectionTitle: t('options.section.interface', 'Showcase interface'),
    items: [
      choice('help', 'Help (help)', 'Whether Showcase opens with its help overlay.', [
        ['0', 'Never'],
        ['1', 'Always at start'],
        ['2', 'For first-time visitors'],
      ]),
      choice('mls', 'MLS mode (mls)', 'Hide branding and links, as MLS listing rules require.', [
        ['0', 'Off'],
        ['1', 'MLS-friendly'],
        ['2', 'MLS-friendly, without the About panel'],
      ]),
      toggle('title', 'Show the title (title)', 'Show the space’s name at the top left.'),
      {
        name: 'options.lang',
        type: 'text',
        intlLabel: t('options.lang.label', 'Language (lang)'),
        description: t(
          'options.lang.description',
          'Showcase’s interface language, e.g. en, fr, de or zh-TW. Empty follows the visitor’s browser.'
        ),
      },
    ],
  },
  {
    sectionTitle: t('options.section.more', 'More Showcase parameters'),
    items: [
      choice(
        'hl',
        'Highlight reel at start (hl)',
        'Whether the highlight reel is open when Showcase starts.',
        [
          ['0', 'Default'],
          ['1', 'Shown at start'],
          ['2', 'Hidden'],
        ]
      ),
      choice(
        'tour',
        'Guided tour (tour)',
        'How the guided tour controls behave (Matterport’s tour parameter).',
        [
          ['0', 'tour=0'],
          ['1', 'tour=1'],
          ['2', 'tour=2'],
          ['3', 'tour=3'],
        ]
      ),
      {
        name: 'options.ts',
        type: 'number',
        intlLabel: t('options.ts.label', 'Seconds before the tour starts (ts)'),
        description: t(
          'options.ts.description',
          'A whole number from -1 to 3600; -1 never starts the tour on its own.'
        ),
      },
      toggle('dh', 'Dollhouse view (dh)', 'Offer the dollhouse view.'),
      toggle('gt', 'Guided tour buttons (gt)', 'Show the guided tour buttons.'),
      toggle('hr', 'Highlight reel (hr)', 'Offer the highlight reel at all.'),
      toggle('mt', 'Mattertags (mt)', 'Show Mattertag posts.'),
      toggle('f', 'Floor selector (f)', 'Let visitors switch floors.'),
      toggle('vr', 'VR button (vr)', 'Show the VR button.'),
      toggle('nozoom', 'Disable zoom (nozoom)', 'Turn zooming off.'),
      toggle('search', 'Search (search)', 'Show the search tool.'),
      toggle('fs', 'Fullscreen button (fs)', 'Show the fullscreen button.'),
      toggle('wh', 'Scroll-wheel zoom (wh)', 'Let the mouse wheel zoom.'),
    ],
  },
  {
    sectionTitle: { id: 'global.settings', defaultMessage: 'Settings' },
    items: [
      {
        name: 'required',
        type: 'checkbox',
        intlLabel: t('options.required.label', 'Required field'),
        description: t('options.required.description', 'An entry cannot be saved without a space.'),
      },
      {
        name: 'private',
        type: 'checkbox',
        intlLabel: t('options.private.label', 'Private field'),
        description: t('options.private.description', 'The field is left out of API responses.'),
      },
    ],
  },
];

// The server's rules for these parameters (common/showcase.ts), so the builder refuses what the server would.
const LANG_RULE = SHOWCASE_PARAMS.lang;
const TS_RULE = SHOWCASE_PARAMS.ts;
if (LANG_RULE.kind !== 'token' || TS_RULE.kind !== 'integer') {
  throw new Error(
    'matterport: common/showcase.ts changed the kind of "lang" or "ts"; update the field options.'
  );
}
const LANG = LANG_RULE.pattern;
const TS_MIN = TS_RULE.min;
const TS_MAX = TS_RULE.max;

const VALID_FOR_ERRORS: Record<ValidForProblem, string> = {
  format: getTranslation('options.validFor.error.format'),
  tooShort: getTranslation('options.validFor.error.tooShort'),
  tooLong: getTranslation('options.validFor.error.tooLong'),
};

/**
 * Yup messages are shown by the Content-Type Builder through formatMessage({ id: message }),
 * so each message is a translation id.
 */
const validator = () => ({
  // The server's list (common/showcase.ts parseFieldOptions); empty is the plugin default.
  delivery: yup
    .string()
    .nullable()
    .oneOf([...DELIVERY_MODES, '', null], getTranslation('options.delivery.error')),
  // The server's list (common/catalogue.ts ACCESS_MODES); empty is private.
  access: yup
    .string()
    .nullable()
    .oneOf([...ACCESS_MODES, '', null], getTranslation('options.access.error')),
  validFor: yup
    .string()
    .nullable()
    .test({
      name: 'matterport-valid-for',
      test(value) {
        const problem = checkValidFor(value);
        return problem === null || this.createError({ message: VALID_FOR_ERRORS[problem] });
      },
    }),
  // The server's rule (parseConnectionsOption): ids separated by commas; empty is every connection.
  connections: yup
    .string()
    .nullable()
    .test({
      name: 'matterport-connections',
      message: getTranslation('options.connections.error'),
      test(value) {
        if (value === undefined || value === null || value.trim() === '') return true;
        try {
          parseConnectionsOption(value);
          return true;
        } catch {
          return false;
        }
      },
    }),
  // The server's rule for a preset's name (common/showcase.ts PRESET_NAME).
  preset: yup
    .string()
    .nullable()
    .matches(PRESET_NAME, {
      message: getTranslation('options.preset.error'),
      excludeEmptyString: true,
    }),
  lang: yup
    .string()
    .nullable()
    .matches(LANG, { message: getTranslation('options.lang.error'), excludeEmptyString: true }),
  ts: yup
    .number()
    .nullable()
    .integer(getTranslation('options.ts.error'))
    .min(TS_MIN, getTranslation('options.ts.error'))
    .max(TS_MAX, getTranslation('options.ts.error')),
});

export const FIELD_OPTIONS = { base, advanced, validator };
