import { useState } from 'react';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { BASEMENT, LOBBY, ROOFTOP, model } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import * as admin from '../../../test/strapiAdminMock';
import { ModelInput } from './ModelInput';

jest.mock('@strapi/strapi/admin', () => require('../../../test/strapiAdminMock'));

const page = (models: unknown[], nextOffset: string | null = null, total = models.length) => ({
  data: models,
  meta: { nextOffset, total },
});

const thumbnail = () => new Blob(['png'], { type: 'image/png' });

/** The input inside a stand-in for the Content Manager's form state. */
const Harness = ({
  initial = null,
  onChange,
  disabled,
}: {
  initial?: unknown;
  onChange: jest.Mock;
  disabled?: boolean;
}) => {
  const [value, setValue] = useState<unknown>(initial);
  return (
    <ModelInput
      name="tour"
      label="Tour"
      hint="The space visitors walk through"
      value={value}
      disabled={disabled}
      onChange={(event) => {
        onChange(event);
        setValue(event.target.value);
      }}
    />
  );
};

const modelRequests = () =>
  admin.calls.filter((call) => call.method === 'GET' && call.url.startsWith('/matterport/models?'));

// jsdom has no object URLs; thumbnails are shown through them.
const createObjectURL = jest.fn((blob: Blob) => `blob:thumbnail-${blob.size}`);
const revokeObjectURL = jest.fn();
beforeAll(() => {
  Object.assign(URL, { createObjectURL, revokeObjectURL });
});

beforeEach(() => {
  admin.resetStrapiAdminMock();
  createObjectURL.mockClear();
  revokeObjectURL.mockClear();
});

/**
 * An option is named by what it shows (WCAG 2.5.3): the space's name first, then its ID and
 * badges, so a role query matches the start of the name.
 */
const optionName = (name: string) =>
  new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);

describe('searching', () => {
  it('lists models once the box is focused, then searches what is typed after a 300 ms pause', async () => {
    jest.useFakeTimers();
    try {
      admin.setRoutes({
        'GET /matterport/models': (url) =>
          url.includes('search=lob') ? page([LOBBY]) : page([LOBBY, ROOFTOP, BASEMENT]),
        'GET /matterport/models/:id/thumbnail': thumbnail,
      });
      const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
      renderWithProviders(<Harness onChange={jest.fn()} />);

      expect(modelRequests()).toHaveLength(0);
      await user.click(screen.getByRole('combobox', { name: 'Search Matterport spaces' }));
      expect(
        await screen.findByRole('option', { name: optionName('Rooftop terrace') })
      ).toBeTruthy();
      expect(modelRequests().map((call) => call.url)).toEqual(['/matterport/models?pageSize=20']);

      await user.type(screen.getByRole('combobox'), 'lob');
      await act(async () => {
        jest.advanceTimersByTime(250);
      });
      expect(modelRequests()).toHaveLength(1);

      await act(async () => {
        jest.advanceTimersByTime(100);
      });
      await waitFor(() =>
        expect(modelRequests().map((call) => call.url)).toContain(
          '/matterport/models?search=lob&pageSize=20'
        )
      );
      // One request for the whole word, not one per keystroke.
      expect(modelRequests()).toHaveLength(2);
      await waitFor(() =>
        expect(screen.queryByRole('option', { name: optionName('Rooftop terrace') })).toBeNull()
      );
      expect(screen.getByRole('option', { name: optionName('Lobby') })).toBeTruthy();
    } finally {
      jest.useRealTimers();
    }
  });

  it('shows ID, visibility and an Archived badge in each result', async () => {
    admin.setRoutes({
      'GET /matterport/models': () => page([LOBBY, BASEMENT]),
      'GET /matterport/models/:id/thumbnail': thumbnail,
    });
    renderWithProviders(<Harness onChange={jest.fn()} />);
    await userEvent.click(screen.getByRole('combobox', { name: 'Search Matterport spaces' }));

    const archived = await screen.findByRole('option', { name: optionName('Old basement') });
    expect(archived.textContent).toContain('Ba5ementXyZ');
    expect(archived.textContent).toContain('Unlisted');
    expect(archived.textContent).toContain('Archived');
    const active = screen.getByRole('option', { name: optionName('Lobby') });
    expect(active.textContent).toContain('Private');
    expect(active.textContent).not.toContain('Archived');
  });

  it('loads the next page with nextOffset and appends it', async () => {
    const second = model('Sec0ndPage1', 'Second page space');
    admin.setRoutes({
      'GET /matterport/models': (url) =>
        url.includes('offset=cursor-2')
          ? page([second], null, 3)
          : page([LOBBY, ROOFTOP], 'cursor-2', 3),
      'GET /matterport/models/:id/thumbnail': thumbnail,
    });
    renderWithProviders(<Harness onChange={jest.fn()} />);
    await userEvent.click(screen.getByRole('combobox', { name: 'Search Matterport spaces' }));
    await screen.findByRole('option', { name: optionName('Lobby') });

    await userEvent.click(screen.getByRole('button', { name: 'Load more spaces' }));

    expect(
      await screen.findByRole('option', { name: optionName('Second page space') })
    ).toBeTruthy();
    expect(
      screen
        .getAllByRole('option')
        .map((option) => within(option).getByTestId('matterport-option-name').textContent)
    ).toEqual(['Lobby', 'Rooftop terrace', 'Second page space']);
    expect(modelRequests().map((call) => call.url)).toContain(
      '/matterport/models?offset=cursor-2&pageSize=20'
    );
    // No further page: the button goes away.
    expect(screen.queryByRole('button', { name: 'Load more spaces' })).toBeNull();
  });

  it('encodes what is typed into the query string', async () => {
    admin.setRoutes({ 'GET /matterport/models': () => page([]) });
    renderWithProviders(<Harness onChange={jest.fn()} />);
    await userEvent.type(
      screen.getByRole('combobox', { name: 'Search Matterport spaces' }),
      'a&b c'
    );
    await waitFor(() =>
      expect(modelRequests().map((call) => call.url)).toContain(
        '/matterport/models?search=a%26b+c&pageSize=20'
      )
    );
    expect(await screen.findByText('No space matches “a&b c”.')).toBeTruthy();
  });
});

describe('choosing a model', () => {
  it('selects a clicked result, storing its ID and name, and shows it as a card', async () => {
    admin.setRoutes({
      'GET /matterport/models': () => page([LOBBY, ROOFTOP]),
      'GET /matterport/models/:id': () => ({ data: ROOFTOP }),
      'GET /matterport/models/:id/thumbnail': thumbnail,
    });
    const onChange = jest.fn();
    renderWithProviders(<Harness onChange={onChange} />);
    await userEvent.click(screen.getByRole('combobox', { name: 'Search Matterport spaces' }));
    await userEvent.click(
      await screen.findByRole('option', { name: optionName('Rooftop terrace') })
    );

    expect(onChange).toHaveBeenCalledWith({
      target: {
        name: 'tour',
        value: { modelId: 'Rf00ftop123', name: 'Rooftop terrace' },
        type: 'json',
      },
    });
    const card = await screen.findByTestId('matterport-selected-card');
    expect(within(card).getByText('Rooftop terrace')).toBeTruthy();
    expect(within(card).getByText('Model ID Rf00ftop123')).toBeTruthy();
    expect(screen.queryByRole('combobox')).toBeNull();
  });

  it('moves through results with the arrow keys and picks with Enter', async () => {
    admin.setRoutes({
      'GET /matterport/models': () => page([LOBBY, ROOFTOP, BASEMENT]),
      'GET /matterport/models/:id': () => ({ data: ROOFTOP }),
      'GET /matterport/models/:id/thumbnail': thumbnail,
    });
    const onChange = jest.fn();
    renderWithProviders(<Harness onChange={onChange} />);
    const box = screen.getByRole('combobox', { name: 'Search Matterport spaces' });
    await userEvent.click(box);
    await screen.findByRole('option', { name: optionName('Lobby') });

    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    const active = document.getElementById(box.getAttribute('aria-activedescendant') ?? '');
    expect(active?.querySelector('[data-testid="matterport-option-name"]')?.textContent).toBe(
      'Rooftop terrace'
    );
    expect(active?.getAttribute('aria-selected')).toBe('true');

    await userEvent.keyboard('{Enter}');
    expect(onChange).toHaveBeenLastCalledWith({
      target: {
        name: 'tour',
        value: { modelId: 'Rf00ftop123', name: 'Rooftop terrace' },
        type: 'json',
      },
    });
  });

  it('recognises a pasted Showcase URL, looks the model up and selects it', async () => {
    admin.setRoutes({
      'GET /matterport/models': () => page([ROOFTOP]),
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
      'GET /matterport/models/:id/thumbnail': thumbnail,
    });
    const onChange = jest.fn();
    renderWithProviders(<Harness onChange={onChange} />);
    await userEvent.click(screen.getByRole('combobox', { name: 'Search Matterport spaces' }));
    await userEvent.paste('https://my.matterport.com/show/?m=SxQL3iGyoDo&play=1');

    await waitFor(() =>
      expect(onChange).toHaveBeenCalledWith({
        target: { name: 'tour', value: { modelId: 'SxQL3iGyoDo', name: 'Lobby' }, type: 'json' },
      })
    );
    expect(admin.calls.some((call) => call.url === '/matterport/models/SxQL3iGyoDo')).toBe(true);
    expect(await screen.findByTestId('matterport-selected-card')).toBeTruthy();
  });

  it('refuses a pasted link that is not a Matterport space, without changing the value', async () => {
    admin.setRoutes({
      'GET /matterport/models': () => page([LOBBY]),
      'GET /matterport/models/:id/thumbnail': thumbnail,
    });
    const onChange = jest.fn();
    renderWithProviders(<Harness onChange={onChange} />);
    await userEvent.click(screen.getByRole('combobox', { name: 'Search Matterport spaces' }));
    await userEvent.paste('https://example.com/show/?m=SxQL3iGyoDo');

    expect(await screen.findByText(/This is not a Matterport link/)).toBeTruthy();
    expect(onChange).not.toHaveBeenCalled();
    // No lookup of the ID in the foreign link.
    expect(admin.calls.some((call) => /^\/matterport\/models\/[^/?]+$/.test(call.url))).toBe(false);
  });

  it('says so when a pasted link names a model the account does not have', async () => {
    admin.setRoutes({
      'GET /matterport/models': () => page([]),
      'GET /matterport/models/:id': () => {
        throw admin.matterportError(404, 'MATTERPORT_NOT_FOUND');
      },
    });
    const onChange = jest.fn();
    renderWithProviders(<Harness onChange={onChange} />);
    await userEvent.click(screen.getByRole('combobox', { name: 'Search Matterport spaces' }));
    await userEvent.paste('my.matterport.com/show?m=Zzzzzzzzzzz');

    expect(
      await screen.findByText(
        'No space with the ID Zzzzzzzzzzz was found in this Matterport account.'
      )
    ).toBeTruthy();
    expect(onChange).not.toHaveBeenCalled();
  });

  it('clears the value and offers the search box again', async () => {
    admin.setRoutes({
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
      'GET /matterport/models/:id/thumbnail': thumbnail,
    });
    const onChange = jest.fn();
    renderWithProviders(
      <Harness initial={{ modelId: 'SxQL3iGyoDo', name: 'Lobby' }} onChange={onChange} />
    );

    await userEvent.click(await screen.findByTestId('matterport-clear-button'));

    expect(onChange).toHaveBeenCalledWith({ target: { name: 'tour', value: null, type: 'json' } });
    expect(screen.queryByTestId('matterport-selected-card')).toBeNull();
    expect(screen.getByRole('combobox', { name: 'Search Matterport spaces' })).toBe(
      document.activeElement
    );
  });

  it('opens the picker under the card to change the space, and Escape keeps the current one', async () => {
    admin.setRoutes({
      'GET /matterport/models': () => page([ROOFTOP]),
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
      'GET /matterport/models/:id/thumbnail': thumbnail,
    });
    const onChange = jest.fn();
    renderWithProviders(
      <Harness initial={{ modelId: 'SxQL3iGyoDo', name: 'Lobby' }} onChange={onChange} />
    );

    await userEvent.click(await screen.findByTestId('matterport-change-button'));
    expect(screen.getByRole('combobox', { name: 'Search Matterport spaces' })).toBe(
      document.activeElement
    );
    await screen.findByRole('option', { name: optionName('Rooftop terrace') });
    await userEvent.keyboard('{Escape}');

    expect(screen.queryByRole('combobox')).toBeNull();
    expect(onChange).not.toHaveBeenCalled();
  });

  it('shows the stored name while Matterport is asked, then the current one', async () => {
    let answer: ((value: unknown) => void) | undefined;
    admin.setRoutes({
      'GET /matterport/models/:id': () => new Promise((resolve) => (answer = resolve)),
      'GET /matterport/models/:id/thumbnail': thumbnail,
    });
    renderWithProviders(
      <Harness initial={{ modelId: 'SxQL3iGyoDo', name: 'Old lobby name' }} onChange={jest.fn()} />
    );
    expect(screen.getByTestId('matterport-selected-name').textContent).toBe('Old lobby name');

    await waitFor(() => expect(answer).toBeDefined());
    expect(screen.getByTestId('matterport-selected-name').textContent).toBe('Old lobby name');
    await act(async () => answer?.({ data: LOBBY }));
    await waitFor(() =>
      expect(screen.getByTestId('matterport-selected-name').textContent).toBe('Lobby')
    );
  });

  it('keeps the search box and buttons out of reach when the field is disabled', async () => {
    admin.setRoutes({
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
      'GET /matterport/models/:id/thumbnail': thumbnail,
    });
    const { unmount } = renderWithProviders(<Harness disabled onChange={jest.fn()} />);
    expect(
      (screen.getByRole('combobox', { name: 'Search Matterport spaces' }) as HTMLInputElement)
        .disabled
    ).toBe(true);
    unmount();

    renderWithProviders(
      <Harness disabled initial={{ modelId: 'SxQL3iGyoDo', name: 'Lobby' }} onChange={jest.fn()} />
    );
    expect((screen.getByTestId('matterport-clear-button') as HTMLButtonElement).disabled).toBe(
      true
    );
    expect((screen.getByTestId('matterport-change-button') as HTMLButtonElement).disabled).toBe(
      true
    );
    // Looking is not editing: the preview stays available.
    expect((screen.getByTestId('matterport-preview-button') as HTMLButtonElement).disabled).toBe(
      false
    );
    await screen.findByText('Private');
  });
});

describe('thumbnails', () => {
  it('loads the thumbnail with the admin session as a blob, shows it, and frees it on unmount', async () => {
    admin.setRoutes({
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
      'GET /matterport/models/:id/thumbnail': thumbnail,
    });
    const { container, unmount } = renderWithProviders(
      <Harness initial={{ modelId: 'SxQL3iGyoDo', name: 'Lobby' }} onChange={jest.fn()} />
    );

    await waitFor(() =>
      expect(container.querySelector('img')?.getAttribute('src')).toBe('blob:thumbnail-3')
    );
    expect(admin.client.get).toHaveBeenCalledWith(
      '/matterport/models/SxQL3iGyoDo/thumbnail',
      expect.objectContaining({ responseType: 'blob' })
    );
    expect(container.querySelector('img')?.getAttribute('alt')).toBe('');

    unmount();
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:thumbnail-3');
  });

  it('shows a placeholder when the model has no thumbnail', async () => {
    admin.setRoutes({
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
      'GET /matterport/models/:id/thumbnail': () => {
        throw admin.matterportError(404, 'MATTERPORT_NOT_FOUND');
      },
    });
    const { container } = renderWithProviders(
      <Harness initial={{ modelId: 'SxQL3iGyoDo', name: 'Lobby' }} onChange={jest.fn()} />
    );
    await screen.findByText('Private');
    await waitFor(() =>
      expect(admin.calls.some((call) => call.url.endsWith('/thumbnail'))).toBe(true)
    );
    expect(container.querySelector('img')).toBeNull();
    expect(createObjectURL).not.toHaveBeenCalled();
  });
});

describe('preview', () => {
  it('opens a modal with the Showcase iframe of a fresh preview link', async () => {
    admin.setRoutes({
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
      'GET /matterport/models/:id/thumbnail': thumbnail,
      'POST /matterport/models/:id/preview-link': () => ({
        data: {
          modelId: 'SxQL3iGyoDo',
          link: 'https://my.matterport.com/show?m=SxQL3iGyoDo&auth=Bearer+abc',
          validUntil: '2030-01-01T10:00:00Z',
        },
      }),
    });
    renderWithProviders(
      <Harness initial={{ modelId: 'SxQL3iGyoDo', name: 'Lobby' }} onChange={jest.fn()} />
    );
    await screen.findByText('Private');

    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));

    const dialog = await screen.findByRole('dialog');
    const frame = await within(dialog).findByTitle('Lobby');
    expect(frame.tagName).toBe('IFRAME');
    expect(frame.getAttribute('src')).toBe(
      'https://my.matterport.com/show?m=SxQL3iGyoDo&auth=Bearer+abc'
    );
    expect(frame.getAttribute('allow')).toBe(
      'fullscreen; xr-spatial-tracking; web-share; autoplay'
    );
    expect(
      within(dialog).getByText(/allow https:\/\/my\.matterport\.com in frame-src/)
    ).toBeTruthy();
    expect(admin.calls.filter((call) => call.method === 'POST').map((call) => call.url)).toEqual([
      '/matterport/models/SxQL3iGyoDo/preview-link',
    ]);
  });
});

describe('errors', () => {
  it('explains that Matterport is not configured and links to the settings page', async () => {
    admin.setRoutes({
      'GET /matterport/models': () => {
        throw admin.matterportError(400, 'MATTERPORT_NOT_CONFIGURED');
      },
    });
    renderWithProviders(<Harness onChange={jest.fn()} />);
    await userEvent.click(screen.getByRole('combobox', { name: 'Search Matterport spaces' }));

    expect(await screen.findByText(/Matterport is not connected yet/)).toBeTruthy();
    expect(
      screen.getByRole('link', { name: 'Open Matterport settings' }).getAttribute('href')
    ).toBe('/settings/matterport');
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('reports a failing Matterport and retries on request', async () => {
    let fail = true;
    admin.setRoutes({
      'GET /matterport/models': () => {
        if (fail)
          throw admin.matterportError(502, 'MATTERPORT_UNAVAILABLE', 'Matterport answered 503.');
        return page([LOBBY]);
      },
      'GET /matterport/models/:id/thumbnail': thumbnail,
    });
    renderWithProviders(<Harness onChange={jest.fn()} />);
    await userEvent.click(screen.getByRole('combobox', { name: 'Search Matterport spaces' }));

    expect(await screen.findByText('Matterport is not answering right now.')).toBeTruthy();
    expect(screen.getByText('Matterport answered 503.')).toBeTruthy();

    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('option', { name: optionName('Lobby') })).toBeTruthy();
    expect(screen.queryByText('Matterport is not answering right now.')).toBeNull();
    expect(modelRequests()).toHaveLength(2);
  });

  it('warns when the saved model no longer exists, and lets the editor clear it', async () => {
    admin.setRoutes({
      'GET /matterport/models/:id': () => {
        throw admin.matterportError(404, 'MATTERPORT_NOT_FOUND');
      },
    });
    const onChange = jest.fn();
    renderWithProviders(
      <Harness initial={{ modelId: 'G0neG0neG0n', name: 'Demolished wing' }} onChange={onChange} />
    );

    expect(await screen.findByText('This space no longer exists in Matterport')).toBeTruthy();
    expect(screen.getByTestId('matterport-selected-name').textContent).toBe('Demolished wing');
    expect((screen.getByTestId('matterport-preview-button') as HTMLButtonElement).disabled).toBe(
      true
    );

    await userEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(onChange).toHaveBeenCalledWith({ target: { name: 'tour', value: null, type: 'json' } });
  });

  it('tells an editor without the browse permission to ask an administrator', async () => {
    admin.setRoutes({
      'GET /matterport/models': () => {
        throw admin.fetchError(403, 'PolicyError', 'Policy Failed');
      },
    });
    renderWithProviders(<Harness onChange={jest.fn()} />);
    await userEvent.click(screen.getByRole('combobox', { name: 'Search Matterport spaces' }));

    expect(
      await screen.findByText('You cannot browse Matterport models; ask an administrator.')
    ).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(screen.queryByText('Policy Failed')).toBeNull();
  });

  it('reads a stored Showcase URL string as its model', async () => {
    admin.setRoutes({
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
      'GET /matterport/models/:id/thumbnail': thumbnail,
    });
    renderWithProviders(
      <Harness initial="https://my.matterport.com/show/?m=SxQL3iGyoDo" onChange={jest.fn()} />
    );
    expect(await screen.findByText('Model ID SxQL3iGyoDo')).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByTestId('matterport-selected-name').textContent).toBe('Lobby')
    );
  });
});
