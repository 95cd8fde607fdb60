import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import '../../../test/jsdomPolyfills';
import { LOBBY } from '../../../test/fixtures';
import { location, renderWithProviders } from '../../../test/render';
import * as admin from '../../../test/strapiAdminMock';
import type {
  GetLinks,
  LinkListItem,
  LinkView,
  RevokeResponse,
} from '../../../../common/contracts/links';
import { LinksPage } from './LinksPage';

jest.mock('@strapi/strapi/admin', () => require('../../../test/strapiAdminMock'));

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

/** A ledger row as the links API describes it (common/contracts/links.ts LinkListItem). */
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

/** A page of the paged answer: `total` links in all, `pageSize` per page. */
const answer = (
  data: LinkListItem[],
  { page = 1, pageSize = 25, total = data.length } = {}
): GetLinks.Response => ({
  data,
  meta: {
    pagination: { page, pageSize, total, pageCount: Math.max(1, Math.ceil(total / pageSize)) },
  },
});

const rows = () => screen.queryAllByTestId('matterport-link-row');
const listCalls = () =>
  admin.calls.filter(
    (call) => call.method === 'GET' && call.url.split('?')[0] === '/matterport/links'
  );
/** The query parameters of a request, decoded, as the server reads them. */
const paramsOf = (url: string) =>
  Object.fromEntries(new URL(url, 'http://admin.test').searchParams);
const lastListParams = () => paramsOf(listCalls()[listCalls().length - 1].url);
const posts = () => admin.calls.filter((call) => call.method === 'POST');

const choose = async (label: string, option: string) => {
  await userEvent.click(screen.getByRole('combobox', { name: label }));
  await userEvent.click(await screen.findByRole('option', { name: option }));
};

beforeEach(() => {
  admin.resetStrapiAdminMock();
  admin.granted.add('plugin::matterport.links.revoke');
});

describe('LinksPage', () => {
  it('asks the server for the first page of usable links (active or failed revocation), newest first, and lists them with name, time left, token hint and status', async () => {
    admin.setRoutes({
      'GET /matterport/links': () =>
        answer([link(1), link(2, { modelId: 'Other000000', tokenHint: 'zz99' })]),
      'GET /matterport/models/:id': (url) => {
        if (url.endsWith('SxQL3iGyoDo')) return { data: LOBBY };
        throw admin.matterportError(404, 'MATTERPORT_NOT_FOUND');
      },
    });
    renderWithProviders(<LinksPage />);

    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(listCalls()).toHaveLength(1);
    expect(lastListParams()).toEqual({
      page: '1',
      pageSize: '25',
      sort: 'createdAt:desc',
      status: 'usable',
    });
    expect(screen.getByRole('combobox', { name: 'Status' }).textContent).toBe(
      'Usable (active or failed revocation)'
    );
    const [first, second] = rows();
    await waitFor(() => expect(within(first).getByText('Lobby')).toBeTruthy());
    expect(within(first).getByText('SxQL3iGyoDo')).toBeTruthy();
    expect(within(first).getByText(/^(29:5\d|30:00) left$/)).toBeTruthy();
    expect(within(first).getByText('…ab01')).toBeTruthy();
    expect(within(first).getByText('Active')).toBeTruthy();
    expect(within(first).getByText('Delivery')).toBeTruthy();
    // A model Matterport no longer knows keeps its ID alone.
    expect(within(second).getByText('Other000000')).toBeTruthy();
    expect(within(second).getByText('…zz99')).toBeTruthy();
  });

  it('pages through a large ledger with the server’s totals', async () => {
    admin.setRoutes({
      'GET /matterport/links': (url) => {
        const page = Number(paramsOf(url).page);
        return answer([link(page * 100 + 1), link(page * 100 + 2)], {
          page,
          pageSize: 25,
          total: 60,
        });
      },
    });
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.getByTestId('matterport-page-status').textContent).toBe(
      'Page 1 of 3 · 60 results'
    );
    expect((screen.getByRole('button', { name: 'Previous' }) as HTMLButtonElement).disabled).toBe(
      true
    );

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() =>
      expect(screen.getByTestId('matterport-page-status').textContent).toBe(
        'Page 2 of 3 · 60 results'
      )
    );
    expect(lastListParams().page).toBe('2');
    expect(rows().map((row) => row.getAttribute('data-link-id'))).toEqual(['201', '202']);

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() =>
      expect(screen.getByTestId('matterport-page-status').textContent).toBe(
        'Page 3 of 3 · 60 results'
      )
    );
    expect((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows a total the server gave as a lower bound as such, and lets the pages go on past it', async () => {
    // The server counts at most 10,000 matches: 10,000 with totalExact false means "more".
    const full = (page: number) => Array.from({ length: 25 }, (_, i) => link(page * 100 + i));
    admin.setRoutes({
      'GET /matterport/links': (url) => {
        const page = Number(paramsOf(url).page);
        return {
          data: full(page),
          meta: {
            pagination: { page, pageSize: 25, total: 10_000, pageCount: 400, totalExact: false },
          },
        };
      },
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
      'POST /matterport/links/revoke': () => ({
        data: { revoked: [], failed: [] },
        meta: { matched: 0, revoked: 0, failed: 0 },
      }),
    });
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(25));
    expect(screen.getByTestId('matterport-page-status').textContent).toBe(
      'Page 1 of 400+ · 10,000+ results'
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Revoke the 10,000+ matching links' })
    );
    const dialog = await screen.findByRole('alertdialog');
    expect(
      within(dialog).getByText(/^More than 10,000 links match the current filters, on every page\./)
    ).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Revoke every matching link' })).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(posts()).toEqual([]);
  });

  it('past a lower-bound total, goes on while pages are full and stops at the first that is not', async () => {
    // The server answers as for page 400 first (what the admin shows is the server's page),
    // then page 401 with 10 rows: the last.
    admin.setRoutes({
      'GET /matterport/links': (url) => {
        const asked = Number(paramsOf(url).page);
        const page = asked === 1 ? 400 : asked;
        const count = page === 400 ? 25 : 10;
        return {
          data: Array.from({ length: count }, (_, i) => link(page * 100 + i)),
          meta: {
            pagination: { page, pageSize: 25, total: 10_000, pageCount: 400, totalExact: false },
          },
        };
      },
    });
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(25));
    expect(screen.getByTestId('matterport-page-status').textContent).toBe(
      'Page 400 of 400+ · 10,000+ results'
    );
    expect((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(
      false
    );

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(rows()).toHaveLength(10));
    expect(lastListParams().page).toBe('401');
    expect(screen.getByTestId('matterport-page-status').textContent).toBe(
      'Page 401 of 400+ · 10,000+ results'
    );
    expect((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('on a page past the end of the list, says so and keeps Previous to go back', async () => {
    // A lower-bound total whose last page was full: Next leads to a page with no rows.
    admin.setRoutes({
      'GET /matterport/links': (url) => {
        const page = Number(paramsOf(url).page);
        return {
          data: page === 1 ? Array.from({ length: 25 }, (_, i) => link(i + 1)) : [],
          meta: {
            pagination: { page, pageSize: 25, total: 25, pageCount: 1, totalExact: false },
          },
        };
      },
    });
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(25));
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByText('The list ends before this page. Go back with Previous.');
    expect(lastListParams().page).toBe('2');
    expect(rows()).toHaveLength(0);
    expect((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true);

    await userEvent.click(screen.getByRole('button', { name: 'Previous' }));
    await waitFor(() => expect(rows()).toHaveLength(25));
    expect(lastListParams().page).toBe('1');
  });

  it('sends the filters, the name search and the sort as query parameters, back on page 1', async () => {
    admin.setRoutes({
      'GET /matterport/links': (url) =>
        answer([link(1)], { page: Number(paramsOf(url).page), total: 80 }),
    });
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(1));
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(lastListParams().page).toBe('2'));

    await userEvent.type(screen.getByLabelText('Model ID'), 'SxQL3iGyoDo');
    await choose('Status', 'Revocation failed');
    await choose('Purpose', 'Editor preview');
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-11-15' } });
    await choose('Sort by', 'Expiring soonest');
    await userEvent.type(screen.getByLabelText('Space name'), 'lobby & hall');

    await waitFor(() =>
      expect(lastListParams()).toEqual({
        page: '1',
        pageSize: '25',
        sort: 'validUntil:asc',
        modelId: 'SxQL3iGyoDo',
        status: 'failed',
        purpose: 'preview',
        // Whole days in the admin's time zone, as instants.
        from: new Date('2026-11-01T00:00:00').toISOString(),
        to: new Date('2026-11-15T23:59:59.999').toISOString(),
        q: 'lobby & hall',
      })
    );
  });

  it('keeps page, filters and sort in the URL, so a reload shows the same list', async () => {
    admin.setRoutes({
      'GET /matterport/links': (url) =>
        answer([link(1)], { page: Number(paramsOf(url).page), total: 80 }),
    });
    const first = renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(1));
    await choose('Status', 'Revocation failed');
    await choose('Sort by', 'Expiring soonest');
    await userEvent.type(screen.getByLabelText('Space name'), 'lobby & hall');
    await waitFor(() => expect(lastListParams().q).toBe('lobby & hall'));
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    const expected = {
      page: '2',
      pageSize: '25',
      sort: 'validUntil:asc',
      status: 'failed',
      q: 'lobby & hall',
    };
    await waitFor(() => expect(lastListParams()).toEqual(expected));

    // The page opens again from the URL alone (a reload, a shared link).
    const url = `/${location.search}`;
    first.unmount();
    admin.calls.length = 0;
    renderWithProviders(<LinksPage />, { url });
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(listCalls().map((call) => paramsOf(call.url))).toEqual([expected]);
    expect(screen.getByRole('combobox', { name: 'Status' }).textContent).toBe('Revocation failed');
    expect(screen.getByRole('combobox', { name: 'Sort by' }).textContent).toBe('Expiring soonest');
    expect((screen.getByLabelText('Space name') as HTMLInputElement).value).toBe('lobby & hall');
    expect(screen.getByTestId('matterport-page-status').textContent).toBe(
      'Page 2 of 4 · 80 results'
    );
  });

  it('ignores what a hand-edited URL gets wrong: a bad page, page size or date asks for the defaults', async () => {
    admin.setRoutes({ 'GET /matterport/links': () => answer([link(1)]) });
    renderWithProviders(<LinksPage />, {
      url: '/?page=-3&pageSize=7&from=yesterday&to=2026-13-45',
    });
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(lastListParams()).toEqual({
      page: '1',
      pageSize: '25',
      sort: 'createdAt:desc',
      status: 'usable',
    });
  });

  it('asks for the defaults when a hand-edited URL names a status, purpose or sort the page does not offer', async () => {
    admin.setRoutes({ 'GET /matterport/links': () => answer([link(1)]) });
    renderWithProviders(<LinksPage />, {
      url: '/?status=bogus&purpose=everything&sort=title:sideways&modelId=SxQL3iGyoDo',
    });
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(lastListParams()).toEqual({
      page: '1',
      pageSize: '25',
      sort: 'createdAt:desc',
      status: 'usable',
      modelId: 'SxQL3iGyoDo',
    });
    expect(screen.getByRole('combobox', { name: 'Status' }).textContent).toBe(
      'Usable (active or failed revocation)'
    );
    expect(screen.getByRole('combobox', { name: 'Sort by' }).textContent).toBe('Newest first');
  });

  it('asks for no status when "All statuses" is chosen, and reads an answer without pagination (older servers)', async () => {
    admin.setRoutes({
      'GET /matterport/links': (url) => {
        const legacy: LinkView[] = [
          link(1),
          // Half a minute off the whole minutes, so a slow render cannot change the wording.
          link(2, { revokedAt: inMinutes(-1.5), revokedBy: 'Ada Admin', active: false }),
          link(3, { validUntil: inMinutes(-10.5), active: false }),
        ].map(({ status: _s, purpose: _p, revokeError: _e, ...view }) => view);
        return { data: paramsOf(url).status === 'usable' ? legacy.slice(0, 1) : legacy };
      },
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
    });
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(1));

    await choose('Status', 'All statuses');

    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(lastListParams().status).toBeUndefined();
    expect(rows().map((row) => row.getAttribute('data-status'))).toEqual([
      'active',
      'revoked',
      'expired',
    ]);
    expect(within(rows()[1]).getByText('Revoked 1 minute ago by Ada Admin')).toBeTruthy();
    expect(within(rows()[2]).getByText('Expired 10 minutes ago')).toBeTruthy();
    // Only a working link can be revoked.
    expect(within(rows()[1]).queryByRole('button', { name: /^Revoke link/ })).toBeNull();
  });

  it('revokes everything the filters match after a confirmation that states the server’s total, and shows each failure', async () => {
    const failedLink = link(9, { tokenHint: 'ff09' });
    const outcome: RevokeResponse = {
      data: {
        revoked: [link(1)],
        failed: [
          {
            link: failedLink,
            error: { code: 'MATTERPORT_UNAVAILABLE', message: 'Matterport did not answer.' },
          },
        ],
      },
      meta: { matched: 137, revoked: 136, failed: 1 },
    };
    admin.setRoutes({
      'GET /matterport/links': () => answer([link(1), link(2)], { total: 137 }),
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
      'POST /matterport/links/revoke': () => outcome,
    });
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    await userEvent.type(screen.getByLabelText('Model ID'), 'SxQL3iGyoDo');
    await waitFor(() => expect(lastListParams().modelId).toBe('SxQL3iGyoDo'));

    await userEvent.click(screen.getByRole('button', { name: 'Revoke the 137 matching links' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(
      within(dialog).getByText(/^137 links match the current filters, on every page\./)
    ).toBeTruthy();
    expect(posts()).toEqual([]);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke 137 links' }));

    await waitFor(() =>
      expect(posts().map((call) => call.url)).toEqual(['/matterport/links/revoke'])
    );
    // The same filter as the list, without paging or sorting.
    expect(posts()[0].body).toEqual({ filter: { modelId: 'SxQL3iGyoDo', status: 'usable' } });
    const notice = await screen.findByTestId('matterport-revoke-outcome');
    expect(
      within(notice).getByText('136 links revoked, 1 could not be revoked and still work:')
    ).toBeTruthy();
    expect(
      within(notice).getByText('Link …ff09 of Lobby: Matterport did not answer.')
    ).toBeTruthy();
    expect(admin.toggleNotification).toHaveBeenCalledWith({
      type: 'warning',
      message: '136 links revoked; 1 could not be revoked.',
    });
    // The list is asked for again after the revocation.
    await waitFor(() => expect(listCalls().length).toBeGreaterThanOrEqual(3));
  });

  it('says how many links still match when one revocation stops short of them all', async () => {
    const outcome: RevokeResponse = {
      data: { revoked: [link(1)], failed: [] },
      meta: { matched: 6200, revoked: 5000, failed: 0 },
    };
    admin.setRoutes({
      'GET /matterport/links': () => answer([link(1), link(2)], { total: 6200 }),
      'POST /matterport/links/revoke': () => outcome,
    });
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    await userEvent.click(screen.getByRole('button', { name: 'Revoke the 6,200 matching links' }));
    const dialog = await screen.findByRole('alertdialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke 6,200 links' }));
    await waitFor(() =>
      expect(admin.toggleNotification).toHaveBeenCalledWith({
        type: 'warning',
        message: '5,000 links revoked. 1,200 more links match: revoke again to go on.',
      })
    );
  });

  it('offers no revoke-by-filter for links that are already revoked or expired', async () => {
    admin.setRoutes({
      'GET /matterport/links': () =>
        answer([link(1, { status: 'revoked', revokedAt: inMinutes(-1), active: false })], {
          total: 40,
        }),
    });
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.getByTestId('matterport-revoke-filter')).toBeTruthy();

    await choose('Status', 'Revoked');
    await waitFor(() => expect(lastListParams().status).toBe('revoked'));
    expect(screen.queryByTestId('matterport-revoke-filter')).toBeNull();
  });

  it('marks a link whose revocation failed, and retries it with the single-link revocation', async () => {
    let retried = false;
    admin.setRoutes({
      'GET /matterport/links': () =>
        answer([
          retried
            ? link(7, { status: 'revoked', revokedAt: new Date().toISOString(), active: false })
            : link(7, {
                status: 'failed',
                revokeError: {
                  code: 'MATTERPORT_UNAVAILABLE',
                  message: 'Matterport is unavailable.',
                  at: inMinutes(-2),
                },
              }),
        ]),
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
      'POST /matterport/links/:id/revoke': () => {
        retried = true;
        return {
          data: link(7, { status: 'revoked', revokedAt: new Date().toISOString(), active: false }),
        };
      },
    });
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(1));
    const row = rows()[0];
    expect(within(row).getByText('Revocation failed')).toBeTruthy();
    expect(within(row).getByText('could not revoke: Matterport is unavailable.')).toBeTruthy();
    // Still usable, so its time left still counts down.
    expect(within(row).getByText(/left$/)).toBeTruthy();

    await userEvent.click(
      within(row).getByRole('button', { name: /^Retry revocation of link …ab07 of/ })
    );

    await waitFor(() =>
      expect(posts().map((call) => call.url)).toEqual(['/matterport/links/7/revoke'])
    );
    expect(admin.toggleNotification).toHaveBeenCalledWith({
      type: 'success',
      message: 'The link was revoked.',
    });
    await waitFor(() => expect(rows()[0].getAttribute('data-status')).toBe('revoked'));
    expect(screen.queryByText(/could not revoke/)).toBeNull();
  });

  it('revokes one link after confirmation, then reloads', async () => {
    let revoked = false;
    admin.setRoutes({
      'GET /matterport/links': () => answer(revoked ? [] : [link(7)]),
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
      'POST /matterport/links/:id/revoke': () => {
        revoked = true;
        return {
          data: link(7, { revokedAt: new Date().toISOString(), active: false, status: 'revoked' }),
        };
      },
    });
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(1));

    await userEvent.click(screen.getByRole('button', { name: /^Revoke link …ab07 of/ }));
    const dialog = await screen.findByRole('alertdialog');
    expect(within(dialog).getByText(/stops working at once/)).toBeTruthy();
    expect(posts()).toEqual([]);

    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke' }));

    await waitFor(() =>
      expect(posts().map((call) => call.url)).toEqual(['/matterport/links/7/revoke'])
    );
    expect(admin.toggleNotification).toHaveBeenCalledWith({
      type: 'success',
      message: 'The link was revoked.',
    });
    expect(await screen.findByText(/No usable links/)).toBeTruthy();
  });

  it('revokes every link of a model after confirmation', async () => {
    admin.setRoutes({
      'GET /matterport/links': () => answer([link(1), link(2)]),
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
      'POST /matterport/models/:id/revoke-links': () => ({
        data: { revoked: [link(1), link(2)], failed: [] },
        meta: { matched: 2, revoked: 2, failed: 0 },
      }),
    });
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(2));
    await waitFor(() => expect(within(rows()[0]).getByText('Lobby')).toBeTruthy());

    await userEvent.click(
      within(rows()[0]).getByRole('button', { name: 'Revoke all for this model: Lobby' })
    );
    const dialog = await screen.findByRole('alertdialog');
    expect(within(dialog).getByText(/All 2 active links of Lobby stop working/)).toBeTruthy();

    await userEvent.click(within(dialog).getByRole('button', { name: 'Revoke 2 links' }));

    await waitFor(() =>
      expect(admin.toggleNotification).toHaveBeenCalledWith({
        type: 'success',
        message: '2 links revoked for Lobby.',
      })
    );
    expect(posts().map((call) => call.url)).toEqual([
      '/matterport/models/SxQL3iGyoDo/revoke-links',
    ]);
  });

  it('reports a failed revocation', async () => {
    admin.setRoutes({
      'GET /matterport/links': () => answer([link(1)]),
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
      'POST /matterport/links/:id/revoke': () => {
        throw admin.matterportError(502, 'MATTERPORT_UNAVAILABLE', 'Matterport is unavailable.');
      },
    });
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(1));
    await userEvent.click(screen.getByRole('button', { name: /^Revoke link/ }));
    await userEvent.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Revoke' })
    );

    await waitFor(() =>
      expect(admin.toggleNotification).toHaveBeenCalledWith({
        type: 'danger',
        message: 'Revocation failed: Matterport is unavailable.',
      })
    );
  });

  it('shows no revoke buttons to users without the revoke permission', async () => {
    admin.granted.delete('plugin::matterport.links.revoke');
    admin.setRoutes({
      'GET /matterport/links': () => answer([link(1)], { total: 3 }),
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
    });
    renderWithProviders(<LinksPage />);
    await waitFor(() => expect(rows()).toHaveLength(1));

    expect(screen.queryByRole('button', { name: /Revoke/ })).toBeNull();
  });

  it('shows an empty state', async () => {
    admin.setRoutes({ 'GET /matterport/links': () => answer([]) });
    renderWithProviders(<LinksPage />);
    expect(await screen.findByText(/No usable links/)).toBeTruthy();
    expect(screen.queryByTestId('matterport-links-table')).toBeNull();
  });

  it('shows a load error with a retry, also for an answer it cannot read', async () => {
    let answerWith: 'error' | 'garbage' | 'links' = 'error';
    admin.setRoutes({
      'GET /matterport/links': () => {
        if (answerWith === 'error')
          throw admin.fetchError(500, 'InternalServerError', 'Internal Server Error');
        if (answerWith === 'garbage') return '<html>Proxy error</html>';
        return answer([link(1)]);
      },
      'GET /matterport/models/:id': () => ({ data: LOBBY }),
    });
    renderWithProviders(<LinksPage />);

    const error = await screen.findByTestId('matterport-links-error');
    expect(within(error).getByText('The links could not be loaded.')).toBeTruthy();
    answerWith = 'garbage';
    await userEvent.click(within(error).getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(
        within(screen.getByTestId('matterport-links-error')).getByText(/not in the expected shape/)
      ).toBeTruthy()
    );

    answerWith = 'links';
    await userEvent.click(
      within(screen.getByTestId('matterport-links-error')).getByRole('button', { name: 'Retry' })
    );
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.queryByTestId('matterport-links-error')).toBeNull();
  });
});
