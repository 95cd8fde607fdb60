import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { LOBBY } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import * as admin from '../../../test/strapiAdminMock';
import type { EmbedLinkRecord } from '../../api/types';
import { LinksPage } from './LinksPage';

jest.mock('@strapi/strapi/admin', () => require('../../../test/strapiAdminMock'));

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

const link = (id: number, extra: Partial<EmbedLinkRecord> = {}): EmbedLinkRecord => ({
  id,
  modelId: 'SxQL3iGyoDo',
  validUntil: inMinutes(30),
  createdAt: inMinutes(-5),
  revokedAt: null,
  revokedBy: null,
  tokenHint: `ab${String(id).padStart(2, '0')}`,
  lifetime: 1800,
  active: true,
  ...extra,
});

const rows = () => screen.queryAllByTestId('matterport-link-row');
const linkRequests = () => admin.calls.filter((call) => call.method === 'GET' && call.url.startsWith('/matterport/links')).map((call) => call.url);

beforeEach(() => {
  admin.resetStrapiAdminMock();
  admin.granted.add('plugin::matterport.links.revoke');
});

describe('LinksPage', () => {
  it('lists active links with the model name, time left, token hint and status', async () => {
    admin.setRoutes({
      'GET /matterport/links': () => ({ data: [link(1), link(2, { modelId: 'Other000000', tokenHint: 'zz99' })] }),
      'GET /matterport/models/:id': (url) => {
        if (url.endsWith('SxQL3iGyoDo')) return { data: LOBBY };
        throw admin.matterportError(404, 'MATTERPORT_NOT_FOUND');
      },
    });
    renderWithProviders(<LinksPage />);

    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(linkRequests()).toEqual(['/matterport/links?active=true']);
    const [first, second] = rows();
    await waitFor(() => expect(within(first).getByText('Lobby')).toBeTruthy());
    expect(within(first).getByText('SxQL3iGyoDo')).toBeTruthy();
    expect(within(first).getByText(/^(29:5\d|30:00) left$/)).toBeTruthy();
    expect(within(first).getByText('…ab01')).toBeTruthy();
    expect(within(first).getByText('Active')).toBeTruthy();
    // A model Matterport no longer knows keeps its ID alone.
    expect(within(second).getByText('Other000000')).toBeTruthy();
    expect(within(second).getByText('…zz99')).toBeTruthy();
  });

  it('shows revoked and expired links when the active-only filter is off', async () => {
    admin.setRoutes({
      'GET /matterport/links': (url) =>
        url.includes('active=true')
          ? { data: [link(1)] }
          : {
              data: [
                link(1),
                link(2, { revokedAt: inMinutes(-1), revokedBy: 'Ada Admin', active: false }),
                link(3, { validUntil: inMinutes(-10), active: false }),
              ],
            },
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
    });
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(1));

    await userEvent.click(screen.getByRole('checkbox', { name: 'Show active links only' }));

    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(linkRequests()).toEqual(['/matterport/links?active=true', '/matterport/links']);
    expect(rows().map((row) => row.getAttribute('data-status'))).toEqual(['active', 'revoked', 'expired']);
    expect(within(rows()[1]).getByText('Revoked 1 minute ago by Ada Admin')).toBeTruthy();
    expect(within(rows()[2]).getByText('Expired 10 minutes ago')).toBeTruthy();
    // Only a working link can be revoked.
    expect(within(rows()[1]).queryByRole('button', { name: /^Revoke link/ })).toBeNull();
  });

  it('revokes one link after confirmation, then reloads', async () => {
    let revoked = false;
    admin.setRoutes({
      'GET /matterport/links': () => ({ data: revoked ? [] : [link(7)] }),
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
      'POST /matterport/links/:id/revoke': () => {
        revoked = true;
        return { data: link(7, { revokedAt: new Date().toISOString(), active: false }) };
      },
    });
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(1));

    await userEvent.click(screen.getByRole('button', { name: /^Revoke link …ab07 of/ }));
    const dialog = await screen.findByRole('alertdialog');
    expect(within(dialog).getByText(/stops working at once/)).toBeTruthy();
    expect(admin.calls.some((call) => call.method === 'POST')).toBe(false);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke' }));

    await waitFor(() => expect(admin.calls.filter((call) => call.method === 'POST').map((call) => call.url)).toEqual(['/matterport/links/7/revoke']));
    expect(admin.toggleNotification).toHaveBeenCalledWith({ type: 'success', message: 'The link was revoked.' });
    expect(await screen.findByText(/No active links/)).toBeTruthy();
  });

  it('revokes every link of a model after confirmation', async () => {
    admin.setRoutes({
      'GET /matterport/links': () => ({ data: [link(1), link(2)] }),
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
      'POST /matterport/models/:id/revoke-links': () => ({ data: [link(1), link(2)], meta: { revoked: 2 } }),
    });
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    await waitFor(() => expect(within(rows()[0]).getByText('Lobby')).toBeTruthy());

    await userEvent.click(within(rows()[0]).getByRole('button', { name: 'Revoke all links of Lobby' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(within(dialog).getByText(/All 2 active links of Lobby stop working/)).toBeTruthy();

    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke 2 links' }));

    await waitFor(() => expect(admin.toggleNotification).toHaveBeenCalledWith({ type: 'success', message: '2 links revoked for Lobby.' }));
    expect(admin.calls.filter((call) => call.method === 'POST').map((call) => call.url)).toEqual([
      '/matterport/models/SxQL3iGyoDo/revoke-links',
    ]);
  });

  it('reports a failed revocation', async () => {
    admin.setRoutes({
      'GET /matterport/links': () => ({ data: [link(1)] }),
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
      'POST /matterport/links/:id/revoke': () => {
        throw admin.matterportError(502, 'MATTERPORT_UNAVAILABLE', 'Matterport is unavailable.');
      },
    });
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(1));
    await userEvent.click(screen.getByRole('button', { name: /^Revoke link/ }));
    await userEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Revoke' }));

    await waitFor(() =>
      expect(admin.toggleNotification).toHaveBeenCalledWith({ type: 'danger', message: 'Revocation failed: Matterport is unavailable.' })
    );
  });

  it('shows no revoke buttons to users without the revoke permission', async () => {
    admin.granted.delete('plugin::matterport.links.revoke');
    admin.setRoutes({ 'GET /matterport/links': () => ({ data: [link(1)] }), 'GET /matterport/models/:id': () => ({ data: LOBBY }) });
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(1));

    expect(screen.queryByRole('button', { name: /Revoke/ })).toBeNull();
  });

  it('shows an empty state', async () => {
    admin.setRoutes({ 'GET /matterport/links': () => ({ data: [] }) });
    renderWithProviders(<LinksPage />);
    expect(await screen.findByText(/No active links/)).toBeTruthy();
    expect(screen.queryByTestId('matterport-links-table')).toBeNull();
  });

  it('shows a load error with a retry', async () => {
    let fail = true;
    admin.setRoutes({
      'GET /matterport/links': () => {
        if (fail) throw admin.fetchError(500, 'InternalServerError', 'Internal Server Error');
        return { data: [link(1)] };
      },
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
    });
    renderWithProviders(<LinksPage />);

    const error = await screen.findByTestId('matterport-links-error');
    expect(within(error).getByText('The links could not be loaded.')).toBeTruthy();
    fail = false;
    await userEvent.click(within(error).getByRole('button', { name: 'Retry' }));

    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.queryByTestId('matterport-links-error')).toBeNull();
  });
});
