import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import '../../../../test/jsdomPolyfills';
import { renderWithProviders } from '../../../../test/render';
import * as admin from '../../../../test/strapiAdminMock';
import type { ModelEventsView } from '../../../../../common/contracts/connections';
import { ModelEventsStatus } from './ModelEventsStatus';

jest.mock('@strapi/strapi/admin', () => require('../../../../test/strapiAdminMock'));

const CALLBACK = 'https://cms.example.com/api/matterport/events/harbour';
const unregistered: ModelEventsView = {
  connection: 'harbour',
  registered: false,
  registrationId: null,
  callbackUrl: CALLBACK,
  credType: null,
  registeredAt: null,
  registeredBy: null,
  lastEventAt: null,
};
const registered: ModelEventsView = {
  ...unregistered,
  registered: true,
  registrationId: 'abc123',
  credType: 'basic',
  registeredAt: '2026-12-04T10:00:00.000Z',
  registeredBy: 'Ada',
};

beforeEach(() => {
  admin.resetStrapiAdminMock();
});

describe('ModelEventsStatus', () => {
  it('says a connection is not registered, and registers it with one click', async () => {
    let current = unregistered;
    admin.setRoutes({
      'GET /matterport/connections/:id/events': () => ({ data: current }),
      'POST /matterport/connections/:id/events': () => {
        current = registered;
        return { data: registered };
      },
    });
    renderWithProviders(<ModelEventsStatus connection="harbour" nameId="name" canEdit />);

    expect(await screen.findByText(/^Not registered: Matterport does not tell/)).toBeTruthy();
    expect(document.body.textContent).toContain(CALLBACK);
    await userEvent.click(screen.getByRole('button', { name: 'Register model events' }));

    await waitFor(() =>
      expect(
        admin.calls.filter((c) => c.method === 'POST').map((c) => c.url.split('?')[0])
      ).toEqual(['/matterport/connections/harbour/events'])
    );
    expect(await screen.findByText(/^Registered at Matterport on/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Register model events again' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Unregister' })).toBeTruthy();
  });

  it('offers no button without "Edit settings"', async () => {
    admin.setRoutes({
      'GET /matterport/connections/:id/events': () => ({ data: registered }),
    });
    renderWithProviders(<ModelEventsStatus connection="harbour" nameId="name" canEdit={false} />);

    expect(await screen.findByText(/^Registered at Matterport on/)).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('says a refused registration changed nothing', async () => {
    admin.setRoutes({
      'GET /matterport/connections/:id/events': () => ({ data: unregistered }),
      'POST /matterport/connections/:id/events': () => {
        throw admin.matterportError(502, 'MATTERPORT_UNAVAILABLE', 'Matterport is unavailable');
      },
    });
    renderWithProviders(<ModelEventsStatus connection="harbour" nameId="name" canEdit />);

    await userEvent.click(await screen.findByRole('button', { name: 'Register model events' }));
    expect(await screen.findByText(/^Nothing was changed:/)).toBeTruthy();
  });
});
