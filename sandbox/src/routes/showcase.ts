import { applyFaults } from '../fault-responses';
import { escapeHtml } from '../html';
import type { EmbedTokenStatus } from '../control-types';
import type { EmbedTokenRecord } from '../embed-tokens';
import { modelOfView } from '../models/views';
import { send, type RequestContext } from '../http';

export type ShowcaseStatus =
  | 'valid'
  | 'expired'
  | 'revoked'
  | 'invalid'
  | 'wrong-model'
  | 'missing';

const MESSAGES: Readonly<Record<ShowcaseStatus, string>> = {
  valid: 'The embed token is valid for this space.',
  expired: 'The embed token has expired.',
  revoked: 'The embed token has been revoked.',
  invalid: 'The embed token is not one Matterport issued.',
  'wrong-model': 'The embed token is valid, but for another space.',
  missing: 'The link lacks the space id (m) or the embed token (auth=Bearer+…).',
};

/**
 * `GET /show` and `/show/`: a stand-in for the Showcase player. It says,
 * in text and in `data-status`, what Showcase would make of the link, and
 * echoes every other parameter so a test can see which ones arrived.
 * Sandbox choice: it always answers 200, like a player page that shows its
 * own error, and wants the `Bearer ` prefix in `auth` as the link has it.
 */
export async function handleShowRequest(ctx: RequestContext): Promise<void> {
  const { state, url, res } = ctx;
  state.counters.bump('showRequests');
  if (await applyFaults(ctx, ['show'], 'html')) return;

  // `m` may name a View (documented): the space is the View's model, and the page says which View.
  const shown = url.searchParams.get('m');
  const viewModel = shown === null ? undefined : modelOfView(shown);
  const modelId = viewModel ?? shown;
  const viewId = viewModel === undefined ? '' : (shown ?? '');
  const auth = url.searchParams.get('auth');
  const token = /^Bearer (\S+)$/.exec(auth ?? '')?.[1];
  const record = token === undefined ? undefined : state.embedTokens.get(token);
  const status = showcaseStatus(modelId, auth, record, state.embedTokens.status(record));

  const model = status === 'valid' && modelId ? state.catalogue.get(modelId) : undefined;
  const secondsLeft =
    record && status === 'valid'
      ? Math.max(0, Math.floor((record.expiresAt - Date.now()) / 1000))
      : null;
  const echoed = [...url.searchParams].filter(([key]) => key !== 'm' && key !== 'auth');

  const html = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(model ? `${model.name} - Sandbox Showcase` : 'Sandbox Showcase')}</title>`,
    '<style>body{font-family:sans-serif;margin:2rem}main[data-status=valid]{color:#14532d}main:not([data-status=valid]){color:#7f1d1d}</style>',
    '</head><body>',
    `<main id="showcase" data-status="${status}" data-model-id="${escapeHtml(modelId ?? '')}" data-view-id="${escapeHtml(viewId)}">`,
    model ? `<h1>${escapeHtml(model.name)}</h1>` : '',
    `<p id="status-message">${escapeHtml(MESSAGES[status])}</p>`,
    secondsLeft === null
      ? ''
      : `<p>Seconds left: <span id="seconds-left">${secondsLeft}</span></p>`,
    '<h2>Other parameters</h2>',
    `<ul id="params">${echoed.map(([k, v]) => `<li data-key="${escapeHtml(k)}">${escapeHtml(k)} = ${escapeHtml(v)}</li>`).join('')}</ul>`,
    '</main></body></html>',
  ].join('\n');
  send(res, 200, html, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The page is meant to be framed by the demo, so no frame-ancestors limit; it never runs scripts.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
}

function showcaseStatus(
  modelId: string | null,
  auth: string | null,
  record: EmbedTokenRecord | undefined,
  tokenStatus: EmbedTokenStatus
): ShowcaseStatus {
  if (!modelId || !auth) return 'missing';
  if (record === undefined || tokenStatus === 'unknown') return 'invalid';
  if (tokenStatus === 'valid' && !record.modelIds.includes(modelId)) return 'wrong-model';
  return tokenStatus;
}
