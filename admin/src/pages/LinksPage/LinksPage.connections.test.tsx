import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import '../../../test/jsdomPolyfills';
import { LOBBY } from '../../../test/fixtures';
import { location, renderWithProviders } from '../../../test/render';
import * as admin from '../../../test/strapiAdminMock';
import type { GetLinks, LinkListItem, RevokeResponse } from '../../../../common/contracts/links';
import type { ConnectionView } from '../../../../common/contracts/connections';
import { LinksPage } from './LinksPage';

jest.mock('@strapi/strapi/admin', () => require('../../../test/strapiAdminMock'));

/** Issue 26: the links page filters by connection, shows it, and revokes one connection's links. */

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

const link = (id: number, extra: Partial<LinkListItem> = {}): LinkListItem => ({
  id,
  modelId: 'SxQL3iGyoDo',
  connection: 'default',
  validUntil: inMinutes(30),
  createdAt: inMinutes(-5),
  revokedAt: null,
  revokedBy: null,
  tokenHint: `ab${String(id).padStart(2, '0')}`,
  lifetime: 1800,
  active: true,
  status: 'active',
  purpose: 'delivery',
  revokeError: null,
  ...extra,
});

const answer = (data: LinkListItem[]): GetLinks.Response => ({
  data,
  meta: { pagination: { page: 1, pageSize: 25, total: data.length, pageCount: 1 } },
});

const view = (id: string, name: string, isDefault = false): ConnectionView => ({
  id,
  name,
  clientId: `${id}-client`,
  hasSecret: true,
  secretHint: '9f3a',
  secretUpdatedAt: null,
  secretUpdatedBy: null,
  secretUpdatedById: null,
  secretUpdatedByEmail: null,
  defaultValidFor: '1h',
  enabled: true,
  isDefault,
  managedBy: 'admin',
  roles: [],
});

const MAIN = view('default', 'Main account', true);
const HARBOUR = view('harbour', 'Harbour Estates');

const rows = () => screen.queryAllByTestId('matterport-link-row');
const listCalls = () =>
  admin.calls.filter(
    (call) => call.method === 'GET' && call.url.split('?')[0] === '/matterport/links'
  );
const paramsOf = (url: string) =>
  Object.fromEntries(new URL(url, 'http://admin.test').searchParams);
const lastListParams = () => paramsOf(listCalls()[listCalls().length - 1].url);
const posts = () => admin.calls.filter((call) => call.method === 'POST');

beforeEach(() => {
  admin.resetStrapiAdminMock();
  admin.granted.add('plugin::matterport.links.revoke');
});

const routes = (connections: ConnectionView[], outcome?: RevokeResponse) => ({
  'GET /matterport/connections': () => ({ data: connections }),
  'GET /matterport/links': (url: string) =>
    url.includes('connection=harbour')
      ? answer([link(2, { connection: 'harbour', modelId: 'Qu4yS1de000' })])
      : answer([link(1), link(2, { connection: 'harbour', modelId: 'Qu4yS1de000' })]),
  'GET /matterport/models/:id': () => ({ data: LOBBY }),
  'POST /matterport/links/revoke': () => outcome,
});

describe('links of several connections', () => {
  it('has no connection filter nor column with one connection', async () => {
    admin.setRoutes(routes([MAIN]));
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    await waitFor(() =>
      expect(admin.calls.map((call) => call.url)).toContain('/matterport/connections')
    );
    await screen.findByRole('combobox', { name: 'Status' });
    expect(screen.queryByRole('combobox', { name: 'Connection' })).toBeNull();
    expect(
      within(screen.getByTestId('matterport-links-table')).queryByText('Connection')
    ).toBeNull();
  });

  it('shows each link’s connection and filters by one, keeping it in the URL', async () => {
    admin.setRoutes(routes([MAIN, HARBOUR]));
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(
      await within(screen.getByTestId('matterport-links-table')).findByText('Connection')
    ).toBeTruthy();
    expect(
      rows().map((row) => within(row).getByTestId('matterport-link-connection').textContent)
    ).toEqual(['Main account', 'Harbour Estates']);
    // Each space's name is asked of the organisation that holds it.
    await waitFor(() =>
      expect(admin.calls.map((call) => call.url)).toEqual(
        expect.arrayContaining([
          '/matterport/models/SxQL3iGyoDo',
          '/matterport/models/Qu4yS1de000?connection=harbour',
        ])
      )
    );

    await userEvent.click(screen.getByRole('combobox', { name: 'Connection' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Harbour Estates' }));

    await waitFor(() => expect(lastListParams().connection).toBe('harbour'));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(new URLSearchParams(location.search).get('connection')).toBe('harbour');
  });

  it('ignores a connection in the URL that is not one of the connections', async () => {
    admin.setRoutes(routes([MAIN, HARBOUR]));
    renderWithProviders(<LinksPage />, { url: '/?connection=nowhere' });
    await screen.findByRole('combobox', { name: 'Connection' });
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(lastListParams().connection).toBeUndefined();
    expect(screen.getByRole('combobox', { name: 'Connection' }).textContent).toBe(
      'All connections'
    );
  });

  it('revokes every link of the chosen connection after a confirmation, and tells the outcome', async () => {
    const outcome: RevokeResponse = {
      data: { revoked: [link(2, { connection: 'harbour' })], failed: [] },
      meta: { matched: 3, revoked: 3, failed: 0 },
    };
    admin.setRoutes(routes([MAIN, HARBOUR], outcome));
    renderWithProviders(<LinksPage />, { url: '/?connection=harbour' });
    await waitFor(() => expect(rows()).toHaveLength(1));

    await userEvent.click(
      screen.getByRole('button', { name: 'Revoke every link of Harbour Estates' })
    );
    const dialog = await screen.findByRole('alertdialog');
    expect(
      within(dialog).getByText(/^Every working link minted with the credentials of Harbour Estates/)
    ).toBeTruthy();
    expect(posts()).toEqual([]);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Revoke every link of Harbour Estates' })
    );

    await waitFor(() =>
      expect(posts().map((call) => call.url)).toEqual(['/matterport/links/revoke'])
    );
    // Only the connection: not the list's status or other filters.
    expect(posts()[0].body).toEqual({ filter: { connection: 'harbour' } });
    await waitFor(() =>
      expect(admin.toggleNotification).toHaveBeenCalledWith({
        type: 'success',
        message: '3 links revoked.',
      })
    );
  });
});
