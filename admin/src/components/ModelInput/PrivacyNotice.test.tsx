import { screen } from '@testing-library/react';

import type { ModelStateView } from '../../../../common/catalogue';
import { useModelStateQuery } from '../../api/queries';
import { renderWithProviders } from '../../../test/render';
import * as admin from '../../../test/strapiAdminMock';
import { PrivacyNotice } from './PrivacyNotice';

jest.mock('@strapi/strapi/admin', () => require('../../../test/strapiAdminMock'));

/*
 * Issue 28: the field warns the editor when the chosen space is not private (public, unlisted,
 * password-protected) and when it is gone in Matterport (deleted, archived, transferred),
 * saying what to do.
 */

const known = (patch: Partial<ModelStateView>): ModelStateView => ({
  modelId: 'SxQL3iGyoDo',
  connection: 'default',
  state: 'active',
  visibility: 'private',
  name: 'Lobby',
  changedAt: null,
  checkedAt: null,
  ...patch,
});

const stateRoute = (view: ModelStateView | null) =>
  admin.setRoutes({
    'GET /matterport/models/:id/state': () => {
      if (!view) throw admin.fetchError(404, 'NotFoundError', 'Nothing is known yet');
      return { data: view };
    },
  });

/** Shows once the same query as the notice's has its answer (the notice has rendered with it). */
const Settled = () => {
  const { data, problem } = useModelStateQuery('SxQL3iGyoDo', 'default');
  return data || problem ? <span data-testid="state-settled" /> : null;
};

const render = (liveVisibility: string | null | undefined, liveGone = false) =>
  renderWithProviders(
    <>
      <PrivacyNotice
        modelId="SxQL3iGyoDo"
        connection="default"
        liveVisibility={liveVisibility}
        liveGone={liveGone}
      />
      <Settled />
    </>
  );

const stateAsked = () => screen.findByTestId('state-settled');

beforeEach(() => admin.resetStrapiAdminMock());

describe('the privacy warning', () => {
  test.each([
    ['public', 'This space is public in Matterport'],
    ['unlisted', 'This space is unlisted in Matterport'],
    ['password', 'This space is password-protected in Matterport'],
  ])(
    'a %s space (as Matterport answers now) is warned about, with what to do',
    async (v, title) => {
      stateRoute(known({ visibility: 'private' }));
      render(v);
      const warning = await screen.findByTestId('matterport-privacy-warning');
      expect(warning.textContent).toContain(title);
      expect(warning.textContent).toContain('make it private in Matterport');
    }
  );

  test('a private space: no warning, whatever was recorded before', async () => {
    stateRoute(known({ visibility: 'public' }));
    render('private');
    await stateAsked();
    expect(screen.queryByTestId('matterport-privacy-warning')).toBeNull();
  });

  test('while Matterport cannot be read, what the plugin recorded is used', async () => {
    stateRoute(known({ visibility: 'unlisted' }));
    render(undefined);
    expect((await screen.findByTestId('matterport-privacy-warning')).textContent).toContain(
      'This space is unlisted in Matterport'
    );
  });

  test('nothing recorded and nothing read: no warning', async () => {
    stateRoute(null);
    render(undefined);
    await stateAsked();
    expect(screen.queryByTestId('matterport-privacy-warning')).toBeNull();
    expect(screen.queryByTestId('matterport-model-state-warning')).toBeNull();
  });
});

describe('the gone warning', () => {
  test.each([
    ['deleted', 'This space was deleted in Matterport'],
    ['inactive', 'This space is archived in Matterport'],
    ['transferred', 'This space was transferred to another Matterport organisation'],
  ] as const)('a %s space says so, and what to do', async (state, title) => {
    stateRoute(known({ state, visibility: 'public' }));
    render(undefined);
    const warning = await screen.findByTestId('matterport-model-state-warning');
    expect(warning.textContent).toContain(title);
    expect(warning.textContent).toContain('Restore it in Matterport, or pick another space.');
    // Gone says it all: no visibility warning beside it.
    expect(screen.queryByTestId('matterport-privacy-warning')).toBeNull();
  });
});
