import type { IntlShape, MessageDescriptor } from 'react-intl';

import type { MatterportErrorCode } from '../../../../common/errors';
import { getTranslation } from '../../utils/getTranslation';

/**
 * What the audit trail records (server/src/ops/audit.ts AUDIT_ACTIONS), each with the name
 * people read. The order is the choice list's.
 */
export const ACTION_NAMES: Record<string, MessageDescriptor> = {
  'settings.update': {
    id: getTranslation('activity.action.settings.update'),
    defaultMessage: 'Settings changed',
  },
  'link.revoke': {
    id: getTranslation('activity.action.link.revoke'),
    defaultMessage: 'Links revoked',
  },
  'credentials.test': {
    id: getTranslation('activity.action.credentials.test'),
    defaultMessage: 'Connection tested',
  },
  'breaker.open': {
    id: getTranslation('activity.action.breaker.open'),
    defaultMessage: 'Calls to Matterport paused',
  },
  'breaker.close': {
    id: getTranslation('activity.action.breaker.close'),
    defaultMessage: 'Calls to Matterport resumed',
  },
  'encryption.reencrypt': {
    id: getTranslation('activity.action.encryption.reencrypt'),
    defaultMessage: 'Stored links re-encrypted',
  },
  'connection.create': {
    id: getTranslation('activity.action.connection.create'),
    defaultMessage: 'Connection added',
  },
  'connection.update': {
    id: getTranslation('activity.action.connection.update'),
    defaultMessage: 'Connection changed',
  },
  'connection.delete': {
    id: getTranslation('activity.action.connection.delete'),
    defaultMessage: 'Connection removed',
  },
  'model.event': {
    id: getTranslation('activity.action.model.event'),
    defaultMessage: 'Space changed at Matterport',
  },
  'model-events.register': {
    id: getTranslation('activity.action.model-events.register'),
    defaultMessage: 'Model events registered',
  },
  'model-events.unregister': {
    id: getTranslation('activity.action.model-events.unregister'),
    defaultMessage: 'Model events unregistered',
  },
};

const REASONS: Record<MatterportErrorCode, MessageDescriptor> = {
  MATTERPORT_NOT_CONFIGURED: {
    id: getTranslation('activity.reason.notConfigured'),
    defaultMessage: 'Matterport was not configured',
  },
  MATTERPORT_AUTH_FAILED: {
    id: getTranslation('activity.reason.authFailed'),
    defaultMessage: 'Matterport rejected the credentials',
  },
  MATTERPORT_NOT_FOUND: {
    id: getTranslation('activity.reason.notFound'),
    defaultMessage: 'Matterport did not find the space',
  },
  MATTERPORT_RATE_LIMITED: {
    id: getTranslation('activity.reason.rateLimited'),
    defaultMessage: 'Matterport was throttling requests',
  },
  MATTERPORT_UNAVAILABLE: {
    id: getTranslation('activity.reason.unavailable'),
    defaultMessage: 'Matterport was not answering',
  },
  MATTERPORT_TIMEOUT: {
    id: getTranslation('activity.reason.timeout'),
    defaultMessage: 'Matterport took too long to answer',
  },
  MATTERPORT_BAD_REQUEST: {
    id: getTranslation('activity.reason.badRequest'),
    defaultMessage: 'Matterport refused the request',
  },
  MATTERPORT_DRAFT: {
    id: getTranslation('activity.reason.draft'),
    defaultMessage: 'the content was a draft',
  },
  MATTERPORT_UNTRUSTED_LINK: {
    id: getTranslation('activity.reason.untrustedLink'),
    defaultMessage: 'Matterport answered with a link the plugin does not trust',
  },
  MATTERPORT_NOT_PUBLISHED: {
    id: getTranslation('activity.reason.notPublished'),
    defaultMessage: 'the entry is not published with this space',
  },
  MATTERPORT_TOO_MANY_ACTIVATIONS: {
    id: getTranslation('activity.reason.tooManyActivations'),
    defaultMessage: 'too many activations were asked for',
  },
  MATTERPORT_MODEL_GONE: {
    id: getTranslation('activity.reason.modelGone'),
    defaultMessage: 'the space was deleted, archived or transferred in Matterport',
  },
  MATTERPORT_PME_UNAVAILABLE: {
    id: getTranslation('activity.reason.pmeUnavailable'),
    defaultMessage: 'the Matterport account has no Private Model Embed',
  },
  MATTERPORT_NOT_PUBLIC: {
    id: getTranslation('activity.reason.notPublic'),
    defaultMessage: 'the field shows public spaces only and this one is private',
  },
  MATTERPORT_NOT_PRIVATE: {
    id: getTranslation('activity.reason.notPrivate'),
    defaultMessage: 'the site refuses public spaces and this one is public',
  },
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
/** ICU select keys cannot hold a hyphen: the server's `previous-credentials` is read as `previousCredentials`. */
const selector = (value: unknown): string =>
  (text(value) ?? 'other').replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
const count = (value: unknown): number => (typeof value === 'number' ? value : 0);

/** The action's name, or its key when this admin does not know it (a newer server). */
export const actionName = ({ formatMessage }: IntlShape, action: string): string =>
  action in ACTION_NAMES ? formatMessage(ACTION_NAMES[action]) : action;

const reason = ({ formatMessage }: IntlShape, code: unknown): string => {
  const key = text(code);
  if (key && key in REASONS) return formatMessage(REASONS[key as MatterportErrorCode]);
  return formatMessage(
    { id: getTranslation('activity.reason.other'), defaultMessage: 'an error ({code})' },
    { code: key ?? '?' }
  );
};

type Sentences = (intl: IntlShape, details: Record<string, unknown>) => string[];

const settingsChanged: Sentences = (intl, d) => {
  const lines: string[] = [];
  if (d.clientIdChanged === true)
    lines.push(
      intl.formatMessage(
        {
          id: getTranslation('activity.details.clientId'),
          defaultMessage: 'The client ID is now {clientId}.',
        },
        { clientId: text(d.clientId) ?? '—' }
      )
    );
  if (d.secretRotated === true)
    lines.push(
      intl.formatMessage({
        id: getTranslation('activity.details.secret'),
        defaultMessage: 'The client secret was replaced.',
      })
    );
  if (isRecord(d.defaultValidFor)) {
    const builtIn = intl.formatMessage({
      id: getTranslation('activity.details.lifetimeBuiltIn'),
      defaultMessage: 'the built-in default',
    });
    lines.push(
      intl.formatMessage(
        {
          id: getTranslation('activity.details.lifetime'),
          defaultMessage: 'The default link lifetime went from {from} to {to}.',
        },
        { from: text(d.defaultValidFor.from) ?? builtIn, to: text(d.defaultValidFor.to) ?? builtIn }
      )
    );
  }
  return lines;
};

const MAX_FAILURES = 5;

const linksRevoked: Sentences = (intl, d) => {
  const lines = [
    intl.formatMessage(
      {
        id: getTranslation('activity.details.scope'),
        defaultMessage:
          '{scope, select, link {One link was chosen.} model {Every link of a space was chosen.} previousCredentials {The links of the previous credentials were chosen.} filter {The links matching a filter were chosen.} unpublish {The links of unpublished content were chosen.} other {Links were chosen.}}',
      },
      { scope: selector(d.scope) }
    ),
  ];
  const models = Array.isArray(d.modelIds) ? d.modelIds.filter((id) => typeof id === 'string') : [];
  if (models.length)
    lines.push(
      intl.formatMessage(
        {
          id: getTranslation('activity.details.spaces'),
          defaultMessage: '{count, plural, one {Space} other {Spaces}}: {models}.',
        },
        { count: models.length, models: models.join(', ') }
      )
    );
  if (d.outcome === 'started') {
    lines.push(
      intl.formatMessage({
        id: getTranslation('activity.details.started'),
        defaultMessage:
          'It started, but no outcome was recorded: the server may have stopped meanwhile.',
      })
    );
    return lines;
  }
  const counts = isRecord(d.counts) ? d.counts : {};
  lines.push(
    intl.formatMessage(
      {
        id: getTranslation('activity.details.revoked'),
        defaultMessage:
          '{revoked, plural, =0 {No link was revoked} one {# link was revoked} other {# links were revoked}}{failed, plural, =0 {.} one {; # could not be.} other {; # could not be.}}',
      },
      { revoked: count(counts.revoked), failed: count(counts.failed) }
    )
  );
  if (count(counts.unrecorded) > 0)
    lines.push(
      intl.formatMessage(
        {
          id: getTranslation('activity.details.unrecorded'),
          defaultMessage:
            '{count, plural, one {# link was} other {# links were}} revoked at Matterport but not marked in the list.',
        },
        { count: count(counts.unrecorded) }
      )
    );
  const failures = Array.isArray(d.failures) ? d.failures.filter(isRecord) : [];
  for (const failure of failures.slice(0, MAX_FAILURES))
    lines.push(
      intl.formatMessage(
        {
          id: getTranslation('activity.details.failure'),
          defaultMessage: 'Link {id} of {model} was not revoked: {reason}.',
        },
        {
          id: String(failure.id ?? '?'),
          model: text(failure.modelId) ?? '?',
          reason: reason(intl, failure.code),
        }
      )
    );
  if (failures.length > MAX_FAILURES)
    lines.push(
      intl.formatMessage(
        {
          id: getTranslation('activity.details.moreFailures'),
          defaultMessage: '{count, plural, one {# more failure} other {# more failures}}.',
        },
        { count: failures.length - MAX_FAILURES }
      )
    );
  return lines;
};

const connectionTested: Sentences = (intl, d) => [
  d.ok === true
    ? intl.formatMessage(
        {
          id: getTranslation('activity.details.testPassed'),
          defaultMessage:
            '{minted, select, true {The credentials work, and a test link was minted and revoked.} other {The credentials work; no test link was minted.}}',
        },
        { minted: String(d.mintTested === true) }
      )
    : intl.formatMessage(
        {
          id: getTranslation('activity.details.testFailed'),
          defaultMessage: 'The test failed: {reason}.',
        },
        { reason: reason(intl, d.code) }
      ),
];

const paused: Sentences = (intl, d) => {
  const until = text(d.until);
  return [
    intl.formatMessage(
      {
        id: getTranslation('activity.details.paused'),
        defaultMessage:
          '{scope, select, token {Token requests} mint {Embed link creation} other {Calls}} paused until {until} because {reason}.',
      },
      {
        scope: selector(d.scope),
        until: until ? intl.formatDate(until, { dateStyle: 'medium', timeStyle: 'medium' }) : '—',
        reason: reason(intl, d.reason),
      }
    ),
  ];
};

const resumed: Sentences = (intl, d) => [
  intl.formatMessage(
    {
      id: getTranslation('activity.details.resumed'),
      defaultMessage:
        '{reason, select, settingsSaved {Resumed because the settings were saved.} connectionTested {Resumed because a connection test succeeded.} tokenObtained {Resumed because Matterport issued a token again.} linkMinted {Resumed because an embed link was minted again.} other {Resumed.}}',
    },
    { reason: selector(d.reason) }
  ),
];

const reencrypted: Sentences = (intl, d) => [
  intl.formatMessage(
    {
      id: getTranslation('activity.details.reencrypted'),
      defaultMessage:
        '{rows, plural, =0 {No stored link needed it.} one {# stored link was re-encrypted with the current key.} other {# stored links were re-encrypted with the current key.}}',
    },
    { rows: count(d.rows) }
  ),
];

const SENTENCES: Record<string, Sentences> = {
  'settings.update': settingsChanged,
  'link.revoke': linksRevoked,
  'credentials.test': connectionTested,
  'breaker.open': paused,
  'breaker.close': resumed,
  'encryption.reencrypt': reencrypted,
  // A connection's change says what the settings page's did (client ID, secret, lifetime).
  'connection.update': settingsChanged,
  'model.event': (intl, d) => [
    intl.formatMessage(
      {
        id: getTranslation('activity.detail.modelEvent'),
        defaultMessage:
          'Matterport said {type} for space {modelId} ({connection}): now {state}, {revoked, plural, one {# link revoked} other {# links revoked}}.',
      },
      {
        type: text(d.type) ?? '?',
        modelId: text(d.modelId) ?? '?',
        connection: text(d.connection) ?? '?',
        state: text(d.state) ?? '?',
        revoked: typeof d.revoked === 'number' ? d.revoked : 0,
      }
    ),
  ],
};

/**
 * An entry's details as sentences. An action this admin does not know (a newer server)
 * shows its details as `key: value` lines rather than nothing.
 */
export const detailSentences = (
  intl: IntlShape,
  action: string,
  details: Record<string, unknown>
): string[] => {
  const sentences = SENTENCES[action];
  if (sentences) return sentences(intl, details);
  return Object.entries(details).map(
    ([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`
  );
};
