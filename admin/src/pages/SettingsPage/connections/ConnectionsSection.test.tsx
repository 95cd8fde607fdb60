import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import '../../../../test/jsdomPolyfills';
import { renderWithProviders } from '../../../../test/render';
import * as admin from '../../../../test/strapiAdminMock';
import type {
  ConnectionRemoval,
  ConnectionView,
} from '../../../../../common/contracts/connections';
import { SettingsPage } from '../SettingsPage';
import { ConnectionsSection } from './ConnectionsSection';

jest.mock('@strapi/strapi/admin', () => require('../../../../test/strapiAdminMock'));

const view = (extra: Partial<ConnectionView> & { id: string; name: string }): ConnectionView => ({
  clientId: `${extra.id}-client`,
  hasSecret: true,
  roles: [],
  secretHint: '9f3a',
  secretUpdatedAt: null,
  secretUpdatedBy: null,
  secretUpdatedById: null,
  secretUpdatedByEmail: null,
  defaultValidFor: '1h',
  enabled: true,
  isDefault: false,
  managedBy: 'admin',
  ...extra,
});

const defaultConnection = view({ id: 'default', name: 'Default', isDefault: true });
const harbour = view({ id: 'harbour-estates', name: 'Harbour Estates', secretHint: '7b21' });
const brand = view({
  id: 'brand-north',
  name: 'Brand North',
  managedBy: 'config',
  enabled: false,
  secretHint: null,
  hasSecret: false,
});

const listRoute = (list: ConnectionView[]) => ({
  'GET /matterport/connections': () => ({ data: list }),
});

const row = async (id: string) => screen.findByTestId(`matterport-connection-${id}`);
const button = (scope: HTMLElement, name: string) =>
  within(scope).queryByRole('button', { name: new RegExp(`^${name}$`) });
const field = (label: string) =>
  screen.getByLabelText(new RegExp(`^${label}\\*?$`)) as HTMLInputElement;

beforeEach(() => {
  admin.resetStrapiAdminMock();
  admin.granted.add('plugin::matterport.settings.update');
});

describe('ConnectionsSection', () => {
  it('lists every connection with its client ID, secret hint, state and badges', async () => {
    admin.setRoutes(listRoute([defaultConnection, harbour, brand]));
    renderWithProviders(<ConnectionsSection />);

    const first = await row('default');
    expect(first.textContent).toContain('Default');
    expect(first.textContent).toContain('Client ID: default-client · Secret: •••• 9f3a');
    expect(first.textContent).toContain('The credentials above are this connection’s');
    const second = await row('harbour-estates');
    expect(second.textContent).toContain('Harbour Estates');
    expect(second.textContent).toContain('Client ID: harbour-estates-client · Secret: •••• 7b21');
    expect(within(second).getByText('Enabled')).toBeTruthy();
    expect(within(second).queryByText('Default')).toBeNull();
    expect(within(second).queryByText(/credentials above/)).toBeNull();
    const third = await row('brand-north');
    expect(within(third).getByText('Disabled')).toBeTruthy();
    expect(within(third).getByText('Set in the plugin configuration')).toBeTruthy();
    expect(third.textContent).toContain('Secret: none saved');
    // The secret itself is never on the page.
    expect(document.body.textContent).not.toContain('secret-value');
  });

  it('adds a connection: sends the typed values, secret included, then starts empty again', async () => {
    admin.setRoutes({
      ...listRoute([defaultConnection]),
      'POST /matterport/connections': (_url, body) => ({
        data: view({ id: 'harbour-estates', name: 'Harbour Estates', ...(body as object) }),
      }),
    });
    renderWithProviders(<ConnectionsSection />);
    await row('default');

    await userEvent.click(screen.getByRole('button', { name: /Add connection/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a connection' });
    await userEvent.type(field('ID'), 'harbour-estates');
    await userEvent.type(field('Name'), 'Harbour Estates');
    await userEvent.type(field('Client ID'), 'harbour-client');
    await userEvent.type(field('Client secret'), 'harbour-secret-value');
    await userEvent.clear(field('Default link lifetime'));
    await userEvent.type(field('Default link lifetime'), '30m');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add connection' }));

    await waitFor(() =>
      expect(admin.calls.find((call) => call.method === 'POST')?.body).toEqual({
        id: 'harbour-estates',
        name: 'Harbour Estates',
        clientId: 'harbour-client',
        clientSecret: 'harbour-secret-value',
        defaultValidFor: '30m',
        enabled: true,
      })
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    await userEvent.click(screen.getByRole('button', { name: /Add connection/ }));
    await screen.findByRole('dialog', { name: 'Add a connection' });
    expect(field('ID').value).toBe('');
    expect(field('Client ID').value).toBe('');
    expect(field('Client secret').value).toBe('');
  });

  it('limits a connection to admin roles (GET /admin/roles), sending their ids', async () => {
    admin.setRoutes({
      ...listRoute([defaultConnection, harbour]),
      'GET /admin/roles': () => ({
        data: [
          { id: 1, name: 'Super Admin', code: 'strapi-super-admin' },
          { id: 2, name: 'Editor', code: 'strapi-editor' },
          { id: 3, name: 'Author', code: 'strapi-author' },
        ],
      }),
      'PUT /matterport/connections/:id': (_url, body) => ({
        data: { ...harbour, ...(body as object) },
      }),
    });
    renderWithProviders(<ConnectionsSection />);

    await userEvent.click(button(await row('harbour-estates'), 'Edit')!);
    const dialog = await screen.findByRole('dialog', { name: 'Edit Harbour Estates' });
    expect(
      within(dialog).getByText(
        'Empty: every role with the plugin’s permission. Super Admins always may.'
      )
    ).toBeTruthy();
    await userEvent.click(
      within(dialog).getByRole('combobox', { name: 'Roles that may pick its spaces' })
    );
    await userEvent.click(await screen.findByRole('option', { name: 'Editor' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Author' }));
    await userEvent.keyboard('{Escape}');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save connection' }));

    await waitFor(() =>
      expect(admin.calls.find((call) => call.method === 'PUT')?.body).toEqual({ roles: [2, 3] })
    );
    expect(admin.calls.map((call) => call.url)).toContain('/admin/roles');
  });

  it('edits a connection without its secret: the PUT keeps the saved secret by not sending one', async () => {
    admin.setRoutes({
      ...listRoute([defaultConnection, harbour]),
      'PUT /matterport/connections/:id': () => ({
        data: { ...harbour, name: 'Harbour Estates Ltd' },
      }),
    });
    renderWithProviders(<ConnectionsSection />);

    await userEvent.click(button(await row('harbour-estates'), 'Edit')!);
    await screen.findByRole('dialog', { name: 'Edit Harbour Estates' });
    expect(field('Client secret').value).toBe('');
    await userEvent.clear(field('Name'));
    await userEvent.type(field('Name'), 'Harbour Estates Ltd');
    await userEvent.click(screen.getByRole('button', { name: 'Save connection' }));

    await waitFor(() => expect(admin.calls.some((call) => call.method === 'PUT')).toBe(true));
    const put = admin.calls.find((call) => call.method === 'PUT');
    expect(put?.url).toBe('/matterport/connections/harbour-estates');
    expect(put?.body).toEqual({ name: 'Harbour Estates Ltd' });
  });

  it('disables a connection in one click', async () => {
    admin.setRoutes({
      ...listRoute([defaultConnection, harbour]),
      'PUT /matterport/connections/:id': () => ({ data: { ...harbour, enabled: false } }),
    });
    renderWithProviders(<ConnectionsSection />);

    await userEvent.click(button(await row('harbour-estates'), 'Disable')!);
    await waitFor(() =>
      expect(admin.calls.find((call) => call.method === 'PUT')?.body).toEqual({ enabled: false })
    );
  });

  it('tests a connection and says the outcome in words', async () => {
    admin.setRoutes({
      ...listRoute([defaultConnection, harbour]),
      'POST /matterport/connections/:id/test': () => {
        throw admin.matterportError(
          401,
          'MATTERPORT_AUTH_FAILED',
          'Matterport rejected this client ID and secret.'
        );
      },
    });
    renderWithProviders(<ConnectionsSection />);

    const harbourRow = await row('harbour-estates');
    await userEvent.click(button(harbourRow, 'Test')!);
    await waitFor(() =>
      expect(within(harbourRow).getByTestId('matterport-connection-status').textContent).toBe(
        'Connection failed: Matterport rejected this client ID and secret.'
      )
    );
    expect(admin.calls.find((call) => call.method === 'POST')?.url).toBe(
      '/matterport/connections/harbour-estates/test'
    );
  });

  it('removes a connection in use only when told to: the refusal is shown, then Remove anyway forces it', async () => {
    const removal: ConnectionRemoval = {
      connection: harbour,
      links: {
        revoked: 3,
        notRevoked: [
          {
            id: 41,
            modelId: 'SxQL3iGyoDo',
            error: { code: 'MATTERPORT_UNAVAILABLE', message: 'Matterport did not answer.' },
          },
        ],
        error: null,
      },
    };
    admin.setRoutes({
      ...listRoute([defaultConnection, harbour]),
      'DELETE /matterport/connections/:id': (url) => {
        if (!url.endsWith('?force=true'))
          throw admin.fetchError(
            409,
            'ConflictError',
            'Harbour Estates is used by 2 published entries (api::listing.listing: 2).'
          );
        return { data: removal };
      },
    });
    renderWithProviders(<ConnectionsSection />);

    await userEvent.click(button(await row('harbour-estates'), 'Remove')!);
    const dialog = await screen.findByRole('alertdialog', { name: 'Remove Harbour Estates?' });
    expect(dialog.textContent).toContain('revokes every embed link made with it');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));

    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'Harbour Estates is used by 2 published entries (api::listing.listing: 2).'
    );
    expect(admin.calls.filter((call) => call.method === 'DELETE').map((call) => call.url)).toEqual([
      '/matterport/connections/harbour-estates',
    ]);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove anyway' }));
    const outcome = await within(dialog).findByTestId('matterport-removal-outcome');
    expect(admin.calls.filter((call) => call.method === 'DELETE').map((call) => call.url)).toEqual([
      '/matterport/connections/harbour-estates',
      '/matterport/connections/harbour-estates?force=true',
    ]);
    expect(outcome.textContent).toContain('Harbour Estates was removed. 3 links were revoked.');
    expect(outcome.textContent).toContain('1 link was not revoked and work until they expire:');
    expect(outcome.textContent).toContain('Link 41 of SxQL3iGyoDo: Matterport did not answer.');
  });

  it('offers no edit or remove on a connection set in the configuration, nor on the default (edited above)', async () => {
    admin.setRoutes(listRoute([defaultConnection, harbour, brand]));
    renderWithProviders(<ConnectionsSection />);

    for (const id of ['brand-north', 'default']) {
      const locked = await row(id);
      expect(button(locked, 'Test')).not.toBeNull();
      expect(button(locked, 'Edit')).toBeNull();
      expect(button(locked, 'Remove')).toBeNull();
      expect(button(locked, 'Enable')).toBeNull();
      expect(button(locked, 'Disable')).toBeNull();
    }
    expect(button(await row('harbour-estates'), 'Edit')).not.toBeNull();
  });

  it('shows a read-only admin the list and no button at all', async () => {
    admin.granted.delete('plugin::matterport.settings.update');
    admin.setRoutes(listRoute([defaultConnection, harbour, brand]));
    renderWithProviders(<ConnectionsSection />);

    expect((await row('harbour-estates')).textContent).toContain('Harbour Estates');
    expect(screen.queryAllByRole('button')).toEqual([]);
  });

  it('names each button by its visible text, and ties it to its connection', async () => {
    admin.setRoutes(listRoute([defaultConnection, harbour]));
    renderWithProviders(<ConnectionsSection />);

    const edit = button(await row('harbour-estates'), 'Edit')!;
    expect(edit.getAttribute('aria-label')).toBeNull();
    expect(document.getElementById(edit.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Harbour Estates'
    );
  });

  it('sits on the settings page below the credentials form', async () => {
    admin.setRoutes({
      ...listRoute([defaultConnection, harbour]),
      'GET /matterport/settings': () => ({
        data: {
          clientId: 'default-client',
          hasSecret: true,
          secretHint: '9f3a',
          secretUpdatedAt: null,
          secretUpdatedBy: null,
          defaultValidFor: '1h',
          managedBy: 'admin',
          encryptionAvailable: true,
        },
      }),
    });
    renderWithProviders(<SettingsPage />);

    const heading = await screen.findByRole('heading', { name: 'Connections' });
    const credentials = screen.getByRole('heading', { name: 'API credentials' });
    expect(
      credentials.compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_FOLLOWING
    ).toBeTruthy();
    expect((await row('harbour-estates')).textContent).toContain('Harbour Estates');
  });
});
