import '../../../test/jsdomPolyfills';
import { useState } from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { LOBBY, model } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import * as admin from '../../../test/strapiAdminMock';
import { ModelInput } from './ModelInput';

jest.mock('@strapi/strapi/admin', () => require('../../../test/strapiAdminMock'));

/**
 * Issue 26: a field may take its space from several connections (Matterport organisations).
 * The picker shows which connection it searches when the field allows more than one, sends
 * `?connection=` on every model request, stores the connection with the model, and asks the
 * editor which connection to use when a pasted link's model is held by several.
 */

// Hand-written: the default organisation and a second one, "Harbour Estates".
const DEFAULT = { id: 'default', name: 'Main account', isDefault: true };
const HARBOUR = { id: 'harbour', name: 'Harbour Estates', isDefault: false };
const QUAY = model('Qu4yS1de000', 'Quay apartments', {
  connection: 'harbour',
  thumbnailUrl: '/matterport/models/Qu4yS1de000/thumbnail?connection=harbour',
});
const EDIT_URL = '/content-manager/collection-types/api::listing.listing/abc123';

const page = (models: unknown[]) => ({
  data: models,
  meta: { nextOffset: null, total: models.length },
});
const thumbnail = () => new Blob(['png'], { type: 'image/png' });

const Harness = ({
  initial = null,
  onChange,
  options,
}: {
  initial?: unknown;
  onChange: jest.Mock;
  options?: Record<string, unknown>;
}) => {
  const [value, setValue] = useState<unknown>(initial);
  return (
    <ModelInput
      name="tour"
      label="Tour"
      value={value}
      attribute={options ? { options } : {}}
      onChange={(event) => {
        onChange(event);
        setValue(event.target.value);
      }}
    />
  );
};

const urls = (method: string, prefix: string) =>
  admin.calls
    .filter((call) => call.method === method && call.url.startsWith(prefix))
    .map((call) => call.url);

beforeAll(() => {
  Object.assign(URL, { createObjectURL: () => 'blob:thumbnail', revokeObjectURL: () => undefined });
});
beforeEach(() => admin.resetStrapiAdminMock());

describe('the connection select', () => {
  it('is absent when the field allows one connection only', async () => {
    admin.setRoutes({
      'GET /matterport/pickable-connections': () => ({ data: [DEFAULT] }),
      'GET /matterport/models': () => page([LOBBY]),
      'GET /matterport/models/:id/thumbnail': thumbnail,
    });
    renderWithProviders(<Harness onChange={jest.fn()} />, { url: EDIT_URL });
    await userEvent.click(screen.getByRole('combobox', { name: 'Search Matterport spaces' }));
    await screen.findByRole('option', { name: /^Lobby/ });
    expect(screen.queryByRole('combobox', { name: 'Matterport connection' })).toBeNull();
    // The field is named to the server, which narrows the list to what it allows.
    expect(urls('GET', '/matterport/pickable-connections')).toEqual([
      '/matterport/pickable-connections?uid=api%3A%3Alisting.listing&field=tour',
    ]);
    // The default connection is not named: requests stay as before connections.
    expect(urls('GET', '/matterport/models?')).toEqual(['/matterport/models?pageSize=20']);
  });

  it('searches the chosen connection and stores it with the model', async () => {
    admin.setRoutes({
      'GET /matterport/pickable-connections': () => ({ data: [DEFAULT, HARBOUR] }),
      'GET /matterport/models': (url) =>
        url.includes('connection=harbour') ? page([QUAY]) : page([LOBBY]),
      'GET /matterport/models/:id': () => ({ data: QUAY }),
      'GET /matterport/models/:id/thumbnail': thumbnail,
    });
    const onChange = jest.fn();
    renderWithProviders(<Harness onChange={onChange} />, { url: EDIT_URL });

    const select = await screen.findByRole('combobox', { name: 'Matterport connection' });
    expect(select.textContent).toBe('Main account');
    await userEvent.click(select);
    await userEvent.click(await screen.findByRole('option', { name: 'Harbour Estates' }));

    await userEvent.click(screen.getByRole('combobox', { name: 'Search Matterport spaces' }));
    await userEvent.click(await screen.findByRole('option', { name: /^Quay apartments/ }));

    expect(urls('GET', '/matterport/models?')).toEqual([
      '/matterport/models?connection=harbour&pageSize=20',
    ]);
    expect(onChange).toHaveBeenLastCalledWith({
      target: {
        name: 'tour',
        value: { modelId: 'Qu4yS1de000', connection: 'harbour', name: 'Quay apartments' },
        type: 'json',
      },
    });
    const card = await screen.findByTestId('matterport-selected-card');
    expect(within(card).getByText('Connection: Harbour Estates')).toBeTruthy();
    // The card looks the model up in its own organisation, and its thumbnail too.
    await waitFor(() =>
      expect(urls('GET', '/matterport/models/Qu4yS1de000')).toEqual(
        expect.arrayContaining([
          '/matterport/models/Qu4yS1de000?connection=harbour',
          '/matterport/models/Qu4yS1de000/thumbnail?connection=harbour',
        ])
      )
    );
  });

  it('offers only the connections the field option names', async () => {
    admin.setRoutes({
      // A server that ignores the field (a component's field is asked without it).
      'GET /matterport/pickable-connections': () => ({ data: [DEFAULT, HARBOUR] }),
      'GET /matterport/models': () => page([QUAY]),
      'GET /matterport/models/:id/thumbnail': thumbnail,
    });
    renderWithProviders(<Harness onChange={jest.fn()} options={{ connections: 'harbour' }} />, {
      url: EDIT_URL,
    });
    await userEvent.click(screen.getByRole('combobox', { name: 'Search Matterport spaces' }));
    await screen.findByRole('option', { name: /^Quay apartments/ });
    expect(screen.queryByRole('combobox', { name: 'Matterport connection' })).toBeNull();
    expect(urls('GET', '/matterport/models?')).toContain(
      '/matterport/models?connection=harbour&pageSize=20'
    );
  });
});

describe('a pasted Showcase link among several connections', () => {
  const routes = (holders: unknown[], unknown: unknown[] = []) => ({
    'GET /matterport/pickable-connections': () => ({ data: [DEFAULT, HARBOUR] }),
    'GET /matterport/models': () => page([]),
    'GET /matterport/models/:id/connections': () => ({ data: { holders, unknown } }),
    'GET /matterport/models/:id': () => ({ data: QUAY }),
    'GET /matterport/models/:id/thumbnail': thumbnail,
  });

  const paste = async (text: string) => {
    await screen.findByRole('combobox', { name: 'Matterport connection' });
    await userEvent.click(screen.getByRole('combobox', { name: 'Search Matterport spaces' }));
    await userEvent.paste(text);
  };

  it('picks the model at once when one connection holds it', async () => {
    admin.setRoutes(routes([{ ...HARBOUR, model: QUAY }]));
    const onChange = jest.fn();
    renderWithProviders(<Harness onChange={onChange} />, { url: EDIT_URL });
    await paste('https://my.matterport.com/show/?m=Qu4yS1de000');

    await waitFor(() =>
      expect(onChange).toHaveBeenCalledWith({
        target: {
          name: 'tour',
          value: { modelId: 'Qu4yS1de000', connection: 'harbour', name: 'Quay apartments' },
          type: 'json',
        },
      })
    );
    expect(urls('GET', '/matterport/models/Qu4yS1de000/connections')).toEqual([
      '/matterport/models/Qu4yS1de000/connections?uid=api%3A%3Alisting.listing&field=tour',
    ]);
  });

  it('asks which connection to use when several hold it', async () => {
    const shared = model('Sh4redM0de1', 'Shared showroom');
    admin.setRoutes(
      routes([
        { ...DEFAULT, model: { ...shared, connection: 'default' } },
        { ...HARBOUR, model: { ...shared, connection: 'harbour' } },
      ])
    );
    const onChange = jest.fn();
    renderWithProviders(<Harness onChange={onChange} />, { url: EDIT_URL });
    await paste('https://my.matterport.com/show/?m=Sh4redM0de1');

    const group = await screen.findByRole('radiogroup', {
      name: 'Several connections hold this space. Which one should deliver it?',
    });
    expect(within(group).getAllByRole('radio')).toHaveLength(2);
    expect(
      within(group).getByRole('radio', { name: 'Main account: Shared showroom' })
    ).toBeTruthy();
    expect(onChange).not.toHaveBeenCalled();

    await userEvent.click(
      within(group).getByRole('radio', { name: 'Harbour Estates: Shared showroom' })
    );
    expect(onChange).toHaveBeenLastCalledWith({
      target: {
        name: 'tour',
        value: { modelId: 'Sh4redM0de1', connection: 'harbour', name: 'Shared showroom' },
        type: 'json',
      },
    });
  });

  it('says the space was not found when no connection holds it', async () => {
    admin.setRoutes(routes([]));
    const onChange = jest.fn();
    renderWithProviders(<Harness onChange={onChange} />, { url: EDIT_URL });
    await paste('https://my.matterport.com/show/?m=Zzzzzzzzzzz');

    expect(
      await screen.findByText(
        'No space with the ID Zzzzzzzzzzz was found in this Matterport account.'
      )
    ).toBeTruthy();
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe('the selected card', () => {
  it('previews with the value’s connection', async () => {
    admin.setRoutes({
      'GET /matterport/pickable-connections': () => ({ data: [DEFAULT, HARBOUR] }),
      'GET /matterport/models/:id': () => ({ data: QUAY }),
      'GET /matterport/models/:id/thumbnail': thumbnail,
      'POST /matterport/models/:id/preview-link': () => ({
        data: {
          modelId: 'Qu4yS1de000',
          link: 'https://my.matterport.com/show?m=Qu4yS1de000&auth=Bearer+x',
          validUntil: '2030-01-01T10:00:00Z',
        },
      }),
    });
    renderWithProviders(
      <Harness
        initial={{ modelId: 'Qu4yS1de000', connection: 'harbour', name: 'Quay apartments' }}
        onChange={jest.fn()}
      />,
      { url: EDIT_URL }
    );
    expect(await screen.findByText('Connection: Harbour Estates')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    await screen.findByRole('dialog');
    await waitFor(() =>
      expect(urls('POST', '/matterport/models')).toEqual([
        '/matterport/models/Qu4yS1de000/preview-link?connection=harbour',
      ])
    );
  });
});
