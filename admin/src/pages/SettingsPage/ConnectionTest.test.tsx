import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import '../../../test/jsdomPolyfills';
import { renderWithProviders } from '../../../test/render';
import * as admin from '../../../test/strapiAdminMock';
import { ConnectionTest } from './ConnectionTest';

jest.mock('@strapi/strapi/admin', () => require('../../../test/strapiAdminMock'));

const TOKEN_LINE =
  'Token: Connected to Matterport. Scope: ViewPublic ViewDetails. Tokens last 60 minutes.';

/** What the server answers when the token worked; `mint` is the second step. */
const answer = (ok: boolean, mint: Record<string, unknown>) => ({
  data: { ok, scope: 'ViewPublic ViewDetails', expiresIn: 3599, mint },
});

const runTest = async () => {
  renderWithProviders(
    <ConnectionTest clientId="client-123" clientSecret="" savedClientId="client-123" allowed />
  );
  await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
  await waitFor(() =>
    expect(screen.getByTestId('matterport-test-result').textContent).not.toBe('')
  );
};

beforeEach(() => {
  admin.resetStrapiAdminMock();
});

describe('ConnectionTest', () => {
  it('token and embed link both pass: two passed steps', async () => {
    admin.setRoutes({
      'POST /matterport/settings/test': () =>
        answer(true, { tested: true, ok: true, modelId: 'SxQL3iGyoDo', code: null, message: null }),
    });
    await runTest();
    expect(screen.getByTestId('matterport-test-token').textContent).toBe(TOKEN_LINE);
    expect(screen.getByTestId('matterport-test-token').getAttribute('data-outcome')).toBe('passed');
    const mint = screen.getByTestId('matterport-test-mint');
    expect(mint.textContent).toBe('Embed link: a test link was created and revoked at once.');
    expect(mint.getAttribute('data-outcome')).toBe('passed');
  });

  it('the token passes but Matterport refuses the mint: the embed-link step fails and says why', async () => {
    admin.setRoutes({
      'POST /matterport/settings/test': () =>
        answer(false, {
          tested: true,
          ok: false,
          modelId: 'SxQL3iGyoDo',
          code: 'MATTERPORT_AUTH_FAILED',
          message: 'The credentials work, but Matterport refused to create an embed link.',
        }),
    });
    await runTest();
    expect(screen.getByTestId('matterport-test-token').getAttribute('data-outcome')).toBe('passed');
    const mint = screen.getByTestId('matterport-test-mint');
    expect(mint.getAttribute('data-outcome')).toBe('failed');
    expect(mint.textContent).toBe(
      'Embed link failed: the credentials work, but Matterport refused to create an embed link. Private Model Embed may not be enabled for this account (or this client may not use it).'
    );
  });

  it('an account without Private Model Embed: says what still works (issue 28)', async () => {
    admin.setRoutes({
      'POST /matterport/settings/test': () => ({
        data: {
          ...answer(false, {
            tested: true,
            ok: false,
            modelId: 'SxQL3iGyoDo',
            code: 'MATTERPORT_AUTH_FAILED',
            message: 'refused',
          }).data,
          pme: 'unavailable',
        },
      }),
    });
    await runTest();
    const pme = screen.getByTestId('matterport-test-pme');
    expect(pme.textContent).toBe(
      'This account has no Private Model Embed: private spaces cannot be embedded, but fields with access “auto” or “public” deliver public and unlisted spaces with plain Showcase links.'
    );
    expect(pme.getAttribute('data-outcome')).toBe('skipped');
  });

  it('an account with Private Model Embed: no such line', async () => {
    admin.setRoutes({
      'POST /matterport/settings/test': () => ({
        data: {
          ...answer(true, {
            tested: true,
            ok: true,
            modelId: 'SxQL3iGyoDo',
            code: null,
            message: null,
          }).data,
          pme: 'available',
        },
      }),
    });
    await runTest();
    expect(screen.getByTestId('matterport-test-mint').getAttribute('data-outcome')).toBe('passed');
    expect(screen.queryByTestId('matterport-test-pme')).toBeNull();
  });

  it('another mint failure shows the server message', async () => {
    admin.setRoutes({
      'POST /matterport/settings/test': () =>
        answer(false, {
          tested: true,
          ok: false,
          modelId: 'SxQL3iGyoDo',
          code: 'MATTERPORT_UNAVAILABLE',
          message: 'Matterport is unavailable.',
        }),
    });
    await runTest();
    expect(screen.getByTestId('matterport-test-mint').textContent).toBe(
      'Embed link failed: Matterport is unavailable.'
    );
  });

  it('an account without models: the embed link is shown as not tested, not as passed', async () => {
    admin.setRoutes({
      'POST /matterport/settings/test': () =>
        answer(true, {
          tested: false,
          ok: null,
          modelId: null,
          code: null,
          message: 'The embed link was not tested: this account has no models.',
        }),
    });
    await runTest();
    expect(screen.getByTestId('matterport-test-token').getAttribute('data-outcome')).toBe('passed');
    const mint = screen.getByTestId('matterport-test-mint');
    expect(mint.getAttribute('data-outcome')).toBe('skipped');
    expect(mint.textContent).toBe('Embed link: not tested, this account has no models.');
  });

  it('the token fails: one failed line with the cause, no steps', async () => {
    admin.setRoutes({
      'POST /matterport/settings/test': () => {
        throw admin.matterportError(
          400,
          'MATTERPORT_AUTH_FAILED',
          'Matterport rejected the client ID or client secret.'
        );
      },
    });
    await runTest();
    expect(screen.getByTestId('matterport-test-result').textContent).toBe(
      'Connection failed: Matterport rejected the client ID or client secret.'
    );
    expect(screen.queryByTestId('matterport-test-mint')).toBeNull();
  });

  it('an answer without the embed-link step is refused as malformed, not shown as a success', async () => {
    admin.setRoutes({
      'POST /matterport/settings/test': () => ({
        data: { ok: true, scope: 'ViewPublic ViewDetails', expiresIn: 3599 },
      }),
    });
    await runTest();
    expect(screen.queryByTestId('matterport-test-token')).toBeNull();
    expect(screen.getByTestId('matterport-test-result').textContent).toMatch(
      /^Connection failed: /
    );
  });
});
