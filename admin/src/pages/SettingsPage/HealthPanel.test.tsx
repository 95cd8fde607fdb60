import { act, screen, waitFor, within } from '@testing-library/react';

import { renderWithProviders } from '../../../test/render';
import * as admin from '../../../test/strapiAdminMock';
import type { HealthView } from '../../../../common/contracts/ops';
import { HealthPanel } from './HealthPanel';

jest.mock('@strapi/strapi/admin', () => require('../../../test/strapiAdminMock'));

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** A healthy plugin, as GET /matterport/health describes it (common/contracts/ops.ts HealthView). */
const healthy = (extra: Partial<HealthView> = {}): HealthView => ({
  connections: [],
  configured: true,
  managedBy: 'admin',
  lastTokenAt: minutesAgo(5),
  lastMintAt: minutesAgo(2),
  failuresLastHour: {},
  auth: { failing: false, lastFailureAt: null },
  breaker: { state: 'closed', reason: null, openUntil: null },
  rateLimitedUntil: null,
  cache: { size: 12, hits: 90, misses: 10, hitRate: 0.9 },
  mintLatencyMs: { p50: 120, p95: 480, samples: 40 },
  ledger: { rows: 1250, active: 37 },
  ...extra,
});

const panel = () => screen.getByTestId('matterport-health');
const summary = () => screen.getByTestId('matterport-health-summary').textContent;
const healthCalls = () => admin.calls.filter((call) => call.url === '/matterport/health').length;

beforeEach(() => admin.resetStrapiAdminMock());
afterEach(() => jest.useRealTimers());

describe('HealthPanel', () => {
  it('says embeds work, with the figures an admin checks', async () => {
    admin.setRoutes({ 'GET /matterport/health': () => ({ data: healthy() }) });
    renderWithProviders(<HealthPanel />);

    await waitFor(() => expect(summary()).toBe('Embeds work'));
    expect(panel().getAttribute('data-level')).toBe('green');
    expect(screen.getByTestId('matterport-health-last-token').textContent).toBe('5 minutes ago');
    expect(screen.getByTestId('matterport-health-last-mint').textContent).toBe('2 minutes ago');
    expect(screen.getByTestId('matterport-health-breaker').textContent).toBe('Closed (normal)');
    expect(screen.getByTestId('matterport-health-cache').textContent).toBe('90%');
    expect(screen.getByTestId('matterport-health-latency').textContent).toBe('120 ms / 480 ms');
    expect(screen.getByTestId('matterport-health-ledger').textContent).toBe(
      '1,250 links, 37 active'
    );
    expect(screen.getByTestId('matterport-health-failures').textContent).toBe('None');
  });

  it.each([
    [
      'not configured',
      healthy({ configured: false, lastTokenAt: null, lastMintAt: null }),
      'Matterport is not configured: enter the client ID and secret below.',
    ],
    [
      'the stored secret cannot be decrypted (the server says why)',
      healthy({
        configured: false,
        problem:
          'The stored Matterport secret cannot be decrypted: list the old key in "previousEncryptionKeys".',
        lastTokenAt: null,
        lastMintAt: null,
      }),
      'Matterport is not configured: The stored Matterport secret cannot be decrypted: list the old key in "previousEncryptionKeys".',
    ],
    [
      'the breaker is open',
      healthy({
        breaker: {
          state: 'open',
          reason: 'MATTERPORT_UNAVAILABLE',
          openUntil: new Date(Date.now() + 60_000).toISOString(),
        },
      }),
      'Requests to Matterport are paused after repeated failures (MATTERPORT_UNAVAILABLE).',
    ],
    [
      'Matterport refuses the saved credentials now',
      healthy({
        failuresLastHour: { MATTERPORT_AUTH_FAILED: 3 },
        auth: { failing: true, lastFailureAt: minutesAgo(1) },
      }),
      'Matterport refuses the saved credentials.',
    ],
  ])('is red and says why when %s', async (_case, health, reason) => {
    admin.setRoutes({ 'GET /matterport/health': () => ({ data: health }) });
    renderWithProviders(<HealthPanel />);

    await waitFor(() => expect(summary()).toBe('Embeds do not work'));
    expect(panel().getAttribute('data-level')).toBe('red');
    expect(screen.getByText(reason)).toBeTruthy();
  });

  it('is amber with recent failures or throttling, and lists the failures by code', async () => {
    admin.setRoutes({
      'GET /matterport/health': () => ({
        data: healthy({
          failuresLastHour: { MATTERPORT_TIMEOUT: 2, MATTERPORT_RATE_LIMITED: 1 },
          rateLimitedUntil: new Date(Date.now() + 30_000).toISOString(),
        }),
      }),
    });
    renderWithProviders(<HealthPanel />);

    await waitFor(() => expect(summary()).toBe('Embeds work, with problems'));
    expect(panel().getAttribute('data-level')).toBe('amber');
    expect(screen.getByText('Matterport is throttling requests right now.')).toBeTruthy();
    expect(screen.getByText('Some requests to Matterport failed in the last hour.')).toBeTruthy();
    expect(screen.getByTestId('matterport-health-failures').textContent).toBe(
      'MATTERPORT_TIMEOUT × 2, MATTERPORT_RATE_LIMITED × 1'
    );
  });

  it('is amber, not red, once a refusal of the credentials was followed by a success: the refusal stays in the failures', async () => {
    admin.setRoutes({
      'GET /matterport/health': () => ({
        data: healthy({
          failuresLastHour: { MATTERPORT_AUTH_FAILED: 2 },
          auth: { failing: false, lastFailureAt: minutesAgo(20) },
        }),
      }),
    });
    renderWithProviders(<HealthPanel />);

    await waitFor(() => expect(summary()).toBe('Embeds work, with problems'));
    expect(panel().getAttribute('data-level')).toBe('amber');
    expect(screen.queryByText('Matterport refuses the saved credentials.')).toBeNull();
    expect(screen.getByText('Some requests to Matterport failed in the last hour.')).toBeTruthy();
    expect(screen.getByTestId('matterport-health-failures').textContent).toBe(
      'MATTERPORT_AUTH_FAILED × 2'
    );
  });

  it('asks again every 10 seconds and shows the new state', async () => {
    jest.useFakeTimers();
    let current = healthy();
    admin.setRoutes({ 'GET /matterport/health': () => ({ data: current }) });
    renderWithProviders(<HealthPanel />);
    await waitFor(() => expect(summary()).toBe('Embeds work'));
    expect(healthCalls()).toBe(1);

    current = healthy({
      breaker: { state: 'open', reason: 'MATTERPORT_UNAVAILABLE', openUntil: null },
    });
    await act(async () => {
      jest.advanceTimersByTime(9_000);
    });
    expect(healthCalls()).toBe(1);
    await act(async () => {
      jest.advanceTimersByTime(1_000);
    });
    expect(healthCalls()).toBe(2);
    await waitFor(() => expect(summary()).toBe('Embeds do not work'));
  });

  it.each([
    [
      'fails',
      () => {
        throw admin.fetchError(403, 'ForbiddenError', 'Forbidden');
      },
      /^The health check could not be loaded: Forbidden/,
    ],
    [
      'answers something unreadable',
      () => ({ data: { configured: 'yes' } }),
      /^The health check could not be loaded: The server's answer to the health check was not in the expected shape/,
    ],
  ])('says so when the health check itself %s', async (_case, handler, message) => {
    admin.setRoutes({ 'GET /matterport/health': handler });
    renderWithProviders(<HealthPanel />);

    await waitFor(() => expect(within(panel()).getByRole('alert').textContent).toMatch(message));
    expect(panel().getAttribute('data-level')).toBeNull();
  });

  it('shows one row per connection when there are several, each with its own state', async () => {
    const connection = (
      id: string,
      name: string,
      extra: Partial<HealthView['connections'][number]> = {}
    ): HealthView['connections'][number] => ({
      id,
      name,
      enabled: true,
      configured: true,
      problem: null,
      auth: { failing: false, lastFailureAt: null },
      breaker: { state: 'closed', reason: null, openUntil: null },
      rateLimitedUntil: null,
      failuresLastHour: {},
      lastMintAt: minutesAgo(1),
      ledger: { rows: 3, active: 1 },
      ...extra,
    });
    const until = new Date(Date.now() + 60_000).toISOString();
    admin.setRoutes({
      'GET /matterport/health': () => ({
        data: healthy({
          connections: [
            connection('default', 'Main account'),
            connection('harbour', 'Harbour Estates', {
              auth: { failing: true, lastFailureAt: minutesAgo(1) },
              breaker: { state: 'open', reason: 'MATTERPORT_AUTH_FAILED', openUntil: until },
              rateLimitedUntil: until,
              failuresLastHour: { MATTERPORT_AUTH_FAILED: 4 },
            }),
          ],
        }),
      }),
    });
    renderWithProviders(<HealthPanel />);

    const main = await screen.findByTestId('matterport-health-connection-default');
    const harbour = screen.getByTestId('matterport-health-connection-harbour');
    expect(main.getAttribute('data-level')).toBe('green');
    expect(harbour.getAttribute('data-level')).toBe('red');
    const cells = (row: HTMLElement) =>
      Array.from(row.querySelectorAll('td')).map((cell) => cell.textContent);
    expect(cells(main)).toEqual([
      'Main account',
      'Embeds work',
      'Accepted',
      'Closed (normal)',
      'None',
      'None',
    ]);
    expect(cells(harbour).slice(0, 4)).toEqual([
      'Harbour Estates',
      'Embeds do not work',
      'Refused by Matterport',
      'Open (requests paused)',
    ]);
    expect(cells(harbour)[4]).toMatch(/^Held until /);
    expect(cells(harbour)[5]).toBe('MATTERPORT_AUTH_FAILED × 4');
    // The whole plugin's summary stays the default connection's.
    expect(summary()).toBe('Embeds work');
  });

  it('lists the published entries whose space is not private, and those whose space is gone (issue 28)', async () => {
    const entry = (documentId: string, title: string) => ({
      contentType: 'api::gallery.gallery',
      contentTypeName: 'Gallery',
      documentId,
      locale: null,
      status: 'published' as const,
      path: 'tour',
      modelId: '',
      connection: 'default',
      title,
      adminPath: `/content-manager/collection-types/api::gallery.gallery/${documentId}`,
    });
    const space = (modelId: string, name: string, patch: object) => ({
      modelId,
      connection: 'default',
      state: 'active' as const,
      visibility: 'private' as const,
      name,
      changedAt: null,
      checkedAt: null,
      ...patch,
    });
    admin.setRoutes({
      'GET /matterport/health': () => ({
        data: healthy({
          privacy: {
            exposed: [
              {
                space: space('WziSQO0ORu7', 'Harbour loft', { visibility: 'public' }),
                entries: [entry('doc-one', 'Open house')],
                published: 3,
              },
            ],
            gone: [
              {
                space: space('XddYUqNaTWl', 'Old office', { state: 'deleted' }),
                entries: [entry('doc-two', 'Our office')],
                published: 1,
              },
            ],
          },
        }),
      }),
    });
    renderWithProviders(<HealthPanel />);

    const exposed = await screen.findByTestId('matterport-health-exposed');
    expect(exposed.textContent).toContain('Harbour loft (WziSQO0ORu7, default): public');
    expect(within(exposed).getByRole('link', { name: 'Gallery: Open house' })).toBeTruthy();
    expect(exposed.textContent).toContain('and 2 more published entries');
    const gone = screen.getByTestId('matterport-health-gone');
    expect(gone.textContent).toContain('Old office (XddYUqNaTWl, default): deleted');
    expect(within(gone).getByRole('link', { name: 'Gallery: Our office' })).toBeTruthy();
  });

  it('shows no privacy lists when nothing is exposed or gone', async () => {
    admin.setRoutes({
      'GET /matterport/health': () => ({ data: healthy({ privacy: { exposed: [], gone: [] } }) }),
    });
    renderWithProviders(<HealthPanel />);
    await waitFor(() => expect(summary()).toBe('Embeds work'));
    expect(screen.queryByTestId('matterport-health-privacy')).toBeNull();
  });

  it('has no per-connection rows with one connection', async () => {
    admin.setRoutes({ 'GET /matterport/health': () => ({ data: healthy() }) });
    renderWithProviders(<HealthPanel />);
    await waitFor(() => expect(summary()).toBe('Embeds work'));
    expect(screen.queryByTestId('matterport-health-connections')).toBeNull();
  });
});
