import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import '../../../test/jsdomPolyfills';
import { renderWithProviders } from '../../../test/render';
import * as admin from '../../../test/strapiAdminMock';
import type { SettingsView } from '../../../../common/contracts/settings';
import { SettingsPage } from './SettingsPage';

jest.mock('@strapi/strapi/admin', () => require('../../../test/strapiAdminMock'));

const twoHoursAgo = () => new Date(Date.now() - 2 * 3600 * 1000 - 60 * 1000).toISOString();

const saved = (extra: Partial<SettingsView> = {}): SettingsView => ({
  clientId: 'client-123',
  hasSecret: true,
  secretHint: '2c4f',
  secretUpdatedAt: twoHoursAgo(),
  secretUpdatedBy: 'Ada Admin',
  defaultValidFor: '1h',
  managedBy: 'admin',
  encryptionAvailable: true,
  ...extra,
});

// Labels of required fields end with an asterisk (hidden from screen readers, not from textContent).
const byLabel = (label: string) => new RegExp(`^${label}\\*?$`);
const input = (label: string) => screen.getByLabelText(byLabel(label)) as HTMLInputElement;
const loaded = () => screen.findByLabelText(byLabel('Client ID'));
const saveButton = () => screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement;

beforeEach(() => {
  admin.resetStrapiAdminMock();
  admin.granted.add('plugin::matterport.settings.update');
});

describe('SettingsPage', () => {
  it('never pre-fills the secret, and says which secret is saved in its placeholder', async () => {
    admin.setRoutes({ 'GET /matterport/settings': () => ({ data: saved() }) });
    renderWithProviders(<SettingsPage />);

    expect(((await loaded()) as HTMLInputElement).value).toBe('client-123');
    const secret = input('Client secret');
    expect(secret.value).toBe('');
    expect(secret.type).toBe('password');
    expect(secret.getAttribute('autocomplete')).toBe('new-password');
    expect(secret.placeholder).toBe('•••• 2c4f · changed 2 hours ago by Ada Admin');
    expect(input('Default link lifetime').value).toBe('1h');
  });

  it('enables Save only when something changed, and sends only what changed', async () => {
    admin.setRoutes({
      'GET /matterport/settings': () => ({ data: saved() }),
      'PUT /matterport/settings': () => ({ data: saved({ defaultValidFor: '30m' }) }),
    });
    renderWithProviders(<SettingsPage />);
    await loaded();
    expect(saveButton().disabled).toBe(true);

    await userEvent.type(input('Client ID'), 'x');
    expect(saveButton().disabled).toBe(false);
    await userEvent.type(input('Client ID'), '{Backspace}');
    expect(saveButton().disabled).toBe(true);

    await userEvent.clear(input('Default link lifetime'));
    await userEvent.type(input('Default link lifetime'), '30m');
    await userEvent.click(saveButton());

    await waitFor(() =>
      expect(admin.calls.find((call) => call.method === 'PUT')?.body).toEqual({
        defaultValidFor: '30m',
      })
    );
    expect(admin.toggleNotification).toHaveBeenCalledWith({
      type: 'success',
      message: 'Matterport settings saved.',
    });
    await waitFor(() => expect(saveButton().disabled).toBe(true));
  });

  it('shows the server’s refusal under the field it concerns', async () => {
    admin.setRoutes({
      'GET /matterport/settings': () => ({ data: saved() }),
      'PUT /matterport/settings': () => {
        throw admin.fetchError(
          400,
          'ValidationError',
          'Matterport rejected this client ID and secret. Nothing was saved.',
          {
            errors: [
              {
                path: ['clientSecret'],
                message: 'Matterport rejected this client ID and secret. Nothing was saved.',
              },
            ],
          }
        );
      },
    });
    renderWithProviders(<SettingsPage />);
    await loaded();

    await userEvent.type(input('Client secret'), 'wrong-secret-123');
    await userEvent.click(saveButton());

    const secret = input('Client secret');
    await waitFor(() => expect(secret.getAttribute('aria-invalid')).toBe('true'));
    const message = document.getElementById(secret.getAttribute('aria-describedby') ?? '');
    expect(message?.textContent).toBe(
      'Matterport rejected this client ID and secret. Nothing was saved.'
    );
    expect(input('Client ID').getAttribute('aria-invalid')).not.toBe('true');
    expect(admin.toggleNotification).toHaveBeenCalledWith({
      type: 'danger',
      message:
        'The settings were not saved: Matterport rejected this client ID and secret. Nothing was saved.',
    });

    // Editing the field clears its error.
    await userEvent.type(secret, 'x');
    expect(secret.getAttribute('aria-invalid')).not.toBe('true');
  });

  it('tests the saved credentials, or the ones being typed, and shows the result', async () => {
    admin.setRoutes({
      'GET /matterport/settings': () => ({ data: saved() }),
      'POST /matterport/settings/test': (_url, body) => {
        if ((body as { clientSecret?: string }).clientSecret)
          throw admin.matterportError(
            400,
            'MATTERPORT_AUTH_FAILED',
            'Matterport rejected the client ID or client secret.'
          );
        return {
          data: {
            ok: true,
            scope: 'ViewPublic ViewDetails',
            expiresIn: 3599,
            mint: { tested: true, ok: true, modelId: 'SxQL3iGyoDo', code: null, message: null },
          },
        };
      },
    });
    renderWithProviders(<SettingsPage />);
    await loaded();

    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    const result = screen.getByTestId('matterport-test-result');
    await waitFor(() =>
      expect(result.textContent).toBe(
        'Token: Connected to Matterport. Scope: ViewPublic ViewDetails. Tokens last 60 minutes.' +
          'Embed link: a test link was created and revoked at once.'
      )
    );
    expect(admin.calls.find((call) => call.url === '/matterport/settings/test')?.body).toEqual({});

    await userEvent.type(input('Client secret'), 'typed-secret-1');
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    await waitFor(() =>
      expect(result.textContent).toBe(
        'Connection failed: Matterport rejected the client ID or client secret.'
      )
    );
    expect(admin.calls.filter((call) => call.url === '/matterport/settings/test')[1].body).toEqual({
      clientId: 'client-123',
      clientSecret: 'typed-secret-1',
    });
  });

  it('is read-only for credentials set in the configuration, and warns without an encryption key', async () => {
    admin.setRoutes({
      'GET /matterport/settings': () => ({
        data: saved({
          managedBy: 'config',
          secretUpdatedAt: null,
          secretUpdatedBy: null,
          encryptionAvailable: false,
        }),
      }),
    });
    renderWithProviders(<SettingsPage />);
    await loaded();

    expect(screen.getByText('Managed by configuration')).toBeTruthy();
    expect(input('Client ID').disabled).toBe(true);
    expect(input('Client secret').disabled).toBe(true);
    expect(input('Client secret').placeholder).toBe('•••• 2c4f');
    expect(screen.getByText('No encryption key')).toBeTruthy();
  });

  it('hides Save from users who may only read the settings', async () => {
    admin.granted.delete('plugin::matterport.settings.update');
    admin.setRoutes({ 'GET /matterport/settings': () => ({ data: saved() }) });
    renderWithProviders(<SettingsPage />);
    await loaded();

    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(input('Client ID').disabled).toBe(true);
  });

  it('disables Test connection for users who may only read the settings, and says why', async () => {
    admin.granted.delete('plugin::matterport.settings.update');
    admin.setRoutes({ 'GET /matterport/settings': () => ({ data: saved() }) });
    renderWithProviders(<SettingsPage />);
    await loaded();

    const test = screen.getByRole('button', { name: 'Test connection' }) as HTMLButtonElement;
    expect(test.disabled).toBe(true);
    expect(screen.getByTestId('matterport-test-not-allowed').textContent).toBe(
      'Testing the connection needs the “Edit settings” permission: a test creates and revokes a real embed link.'
    );
    await userEvent.click(test);
    expect(admin.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('lets users who may edit the settings test the connection', async () => {
    admin.setRoutes({ 'GET /matterport/settings': () => ({ data: saved() }) });
    renderWithProviders(<SettingsPage />);
    await loaded();

    const test = screen.getByRole('button', { name: 'Test connection' }) as HTMLButtonElement;
    expect(test.disabled).toBe(false);
    expect(screen.queryByTestId('matterport-test-not-allowed')).toBeNull();
  });

  it('offers to revoke the links minted with the previous credentials after the secret changes', async () => {
    const changedAt = new Date().toISOString();
    const before = new Date(Date.now() - 60_000).toISOString();
    const after = new Date(Date.now() + 60_000).toISOString();
    const link = (id: number, createdAt: string) => ({
      id,
      modelId: 'SxQL3iGyoDo',
      createdAt,
      validUntil: new Date(Date.now() + 3600_000).toISOString(),
      revokedAt: null,
      revokedBy: null,
      tokenHint: `00${id}`,
      lifetime: 3600,
      active: true,
    });
    admin.setRoutes({
      'GET /matterport/settings': () => ({ data: saved() }),
      'PUT /matterport/settings': () => ({
        data: saved({ secretHint: '9f9f', secretUpdatedAt: changedAt }),
      }),
      'GET /matterport/links': () => ({ data: [link(1, before), link(2, before), link(3, after)] }),
      'POST /matterport/links/revoke-previous-credentials': () => ({
        data: { revoked: [link(1, before)], failed: [] },
        meta: { matched: 1, revoked: 1, failed: 0 },
      }),
    });
    renderWithProviders(<SettingsPage />);
    await loaded();

    await userEvent.type(input('Client secret'), 'brand-new-secret');
    await userEvent.click(saveButton());

    const dialog = await screen.findByRole('alertdialog');
    // Only links older than the change can have been made with the old credentials.
    expect(within(dialog).getByText(/^2 active links were minted before this change/)).toBeTruthy();
    // Counted by the server: active links created up to the change (one row is enough, the total is the count).
    const countQuery = new URL(
      admin.calls.find((call) => call.method === 'GET' && call.url.startsWith('/matterport/links'))
        ?.url ?? '',
      'http://admin.test'
    ).searchParams;
    expect(Object.fromEntries(countQuery)).toEqual({
      status: 'active',
      to: changedAt,
      pageSize: '1',
    });
    expect(admin.calls.some((call) => call.url.includes('revoke'))).toBe(false);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke old links' }));

    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    // The server decides which links used the old credentials.
    expect(admin.calls.filter((call) => call.method === 'POST').map((call) => call.url)).toEqual([
      '/matterport/links/revoke-previous-credentials',
    ]);
    expect(admin.toggleNotification).toHaveBeenLastCalledWith({
      type: 'success',
      message: '1 link revoked.',
    });
    expect(input('Client secret').value).toBe('');
    expect(input('Client secret').placeholder).toMatch(/^•••• 9f9f · changed/);
  });

  it('does not offer to revoke anything when only the link lifetime changed, or when no link predates the change', async () => {
    admin.setRoutes({
      'GET /matterport/settings': () => ({ data: saved() }),
      'PUT /matterport/settings': () => ({ data: saved() }),
      'GET /matterport/links': () => ({ data: [] }),
    });
    renderWithProviders(<SettingsPage />);
    await loaded();

    await userEvent.type(input('Default link lifetime'), '{Backspace}2h');
    await userEvent.click(saveButton());
    await waitFor(() =>
      expect(admin.toggleNotification).toHaveBeenCalledWith({
        type: 'success',
        message: 'Matterport settings saved.',
      })
    );
    expect(admin.calls.some((call) => call.url.startsWith('/matterport/links'))).toBe(false);

    await userEvent.type(input('Client secret'), 'brand-new-secret');
    await userEvent.click(saveButton());
    await waitFor(() =>
      expect(admin.calls.some((call) => call.url.startsWith('/matterport/links'))).toBe(true)
    );
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });
});

describe('SettingsPage, replacing the client ID', () => {
  const revokeOutcome = {
    data: {
      revoked: [],
      failed: [
        {
          link: {
            id: 4,
            modelId: 'SxQL3iGyoDo',
            validUntil: new Date(Date.now() + 3600_000).toISOString(),
            createdAt: new Date().toISOString(),
            revokedAt: null,
            revokedBy: null,
            tokenHint: '0004',
            lifetime: 3600,
            active: true,
            status: 'failed',
            purpose: 'delivery',
            revokeError: {
              code: 'MATTERPORT_UNAVAILABLE',
              message: 'Matterport did not answer.',
              at: new Date().toISOString(),
            },
          },
          error: { code: 'MATTERPORT_UNAVAILABLE', message: 'Matterport did not answer.' },
        },
      ],
    },
    meta: { matched: 4, revoked: 3, failed: 1 },
  };

  const writes = () =>
    admin.calls.filter((call) => call.method !== 'GET').map((call) => `${call.method} ${call.url}`);

  it('offers to revoke the old links before saving, and revokes them while the old credentials are still saved', async () => {
    admin.setRoutes({
      'GET /matterport/settings': () => ({ data: saved() }),
      'PUT /matterport/settings': () => ({ data: saved({ clientId: 'client-456' }) }),
      'POST /matterport/links/revoke-current-credentials': () => revokeOutcome,
    });
    renderWithProviders(<SettingsPage />);
    await loaded();

    await userEvent.clear(input('Client ID'));
    await userEvent.type(input('Client ID'), 'client-456');
    await userEvent.type(input('Client secret'), 'secret-of-456');
    await userEvent.click(saveButton());

    const dialog = await screen.findByRole('alertdialog');
    expect(
      within(dialog).getByText(/^You are replacing the client ID client-123 with client-456\./)
    ).toBeTruthy();
    // Nothing happens before the admin answers.
    expect(writes()).toEqual([]);

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Revoke old links, then save' })
    );

    await waitFor(() =>
      expect(writes()).toEqual([
        'POST /matterport/links/revoke-current-credentials',
        'PUT /matterport/settings',
      ])
    );
    expect(admin.calls.find((call) => call.method === 'PUT')?.body).toEqual({
      clientId: 'client-456',
      clientSecret: 'secret-of-456',
    });
    const outcome = await screen.findByTestId('matterport-revoke-outcome');
    expect(
      within(outcome).getByText('3 links revoked, 1 could not be revoked and still work:')
    ).toBeTruthy();
    expect(
      within(outcome).getByText('Link …0004 of SxQL3iGyoDo: Matterport did not answer.')
    ).toBeTruthy();
    await waitFor(() =>
      expect(admin.toggleNotification).toHaveBeenCalledWith({
        type: 'success',
        message: 'Matterport settings saved.',
      })
    );
    // The old links were dealt with: no second offer after saving.
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('saves nothing when the revocation request fails', async () => {
    admin.setRoutes({
      'GET /matterport/settings': () => ({ data: saved() }),
      'PUT /matterport/settings': () => ({ data: saved({ clientId: 'client-456' }) }),
      'POST /matterport/links/revoke-current-credentials': () => {
        throw admin.matterportError(502, 'MATTERPORT_UNAVAILABLE', 'Matterport is unavailable.');
      },
    });
    renderWithProviders(<SettingsPage />);
    await loaded();
    await userEvent.clear(input('Client ID'));
    await userEvent.type(input('Client ID'), 'client-456');
    await userEvent.click(saveButton());
    await userEvent.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', {
        name: 'Revoke old links, then save',
      })
    );

    await waitFor(() =>
      expect(admin.toggleNotification).toHaveBeenCalledWith({
        type: 'danger',
        message:
          'The old links were not revoked, and nothing was saved: Matterport is unavailable.',
      })
    );
    expect(writes()).toEqual(['POST /matterport/links/revoke-current-credentials']);
    expect(input('Client ID').value).toBe('client-456');
  });

  it('saves without revoking when the admin chooses so, and does not ask again', async () => {
    admin.setRoutes({
      'GET /matterport/settings': () => ({ data: saved() }),
      'PUT /matterport/settings': () => ({ data: saved({ clientId: 'client-456' }) }),
      'GET /matterport/links': () => ({ data: [] }),
    });
    renderWithProviders(<SettingsPage />);
    await loaded();
    await userEvent.clear(input('Client ID'));
    await userEvent.type(input('Client ID'), 'client-456');
    await userEvent.click(saveButton());
    await userEvent.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', {
        name: 'Save without revoking',
      })
    );

    await waitFor(() => expect(writes()).toEqual(['PUT /matterport/settings']));
    await waitFor(() =>
      expect(admin.toggleNotification).toHaveBeenCalledWith({
        type: 'success',
        message: 'Matterport settings saved.',
      })
    );
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('does not ask a user who may not revoke links', async () => {
    admin.granted.delete('plugin::matterport.links.revoke');
    admin.setRoutes({
      'GET /matterport/settings': () => ({ data: saved() }),
      'PUT /matterport/settings': () => ({ data: saved({ clientId: 'client-456' }) }),
    });
    renderWithProviders(<SettingsPage />);
    await loaded();
    await userEvent.clear(input('Client ID'));
    await userEvent.type(input('Client ID'), 'client-456');
    await userEvent.click(saveButton());

    await waitFor(() => expect(writes()).toEqual(['PUT /matterport/settings']));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    admin.granted.add('plugin::matterport.links.revoke');
  });
});
