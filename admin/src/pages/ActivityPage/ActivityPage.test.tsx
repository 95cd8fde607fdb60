import '../../../test/jsdomPolyfills';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { location, renderWithProviders } from '../../../test/render';
import * as admin from '../../../test/strapiAdminMock';
import type { AuditEntry, GetAudit } from '../../../../common/contracts/ops';
import { ActivityPage } from './ActivityPage';

jest.mock('@strapi/strapi/admin', () => require('../../../test/strapiAdminMock'));

/** An audit entry as GET /matterport/audit describes it (common/contracts/ops.ts AuditEntry). */
const entry = (id: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  id,
  action: 'settings.update',
  actor: 'Ada Admin',
  at: '2026-11-20T10:00:00.000Z',
  details: {
    clientId: 'client-1',
    clientIdChanged: false,
    secretRotated: true,
    defaultValidFor: null,
  },
  ...extra,
});

const answer = (
  data: AuditEntry[],
  { page = 1, pageSize = 25, total = data.length } = {}
): GetAudit.Response => ({
  data,
  meta: {
    pagination: { page, pageSize, total, pageCount: Math.max(1, Math.ceil(total / pageSize)) },
  },
});

const rows = () => screen.queryAllByTestId('matterport-activity-row');
const auditCalls = () =>
  admin.calls.filter((call) => call.url.split('?')[0] === '/matterport/audit');
const lastParams = () =>
  Object.fromEntries(
    new URL(auditCalls()[auditCalls().length - 1].url, 'http://admin.test').searchParams
  );
/** A row's cells' text, one string per line of the details. */
const cellsOf = (row: HTMLElement) =>
  within(row)
    .getAllByRole('gridcell')
    .map((cell) => Array.from(cell.querySelectorAll('span')).map((span) => span.textContent));

beforeEach(() => admin.resetStrapiAdminMock());

describe('ActivityPage', () => {
  it('names every action the server records and tells its details in sentences', async () => {
    const until = '2026-11-20T11:00:00.000Z';
    admin.setRoutes({
      'GET /matterport/audit': () =>
        answer([
          entry(1, {
            details: {
              clientId: 'client-2',
              clientIdChanged: true,
              secretRotated: true,
              defaultValidFor: { from: 'PT1H', to: 'PT2H' },
            },
          }),
          entry(2, {
            action: 'link.revoke',
            actor: 'Bob Editor',
            details: {
              scope: 'model',
              modelIds: ['SxQL3iGyoDo'],
              outcome: 'partial',
              counts: { revoked: 3, failed: 1, unrecorded: 0 },
              failures: [{ id: 7, modelId: 'SxQL3iGyoDo', code: 'MATTERPORT_UNAVAILABLE' }],
            },
          }),
          entry(3, {
            action: 'link.revoke',
            details: { scope: 'previous-credentials', modelIds: [], outcome: 'started' },
          }),
          entry(4, {
            action: 'credentials.test',
            details: { ok: false, code: 'MATTERPORT_AUTH_FAILED', mintTested: false },
          }),
          entry(5, {
            action: 'credentials.test',
            details: { ok: true, code: null, mintTested: true, outcome: 'success' },
          }),
          entry(6, {
            action: 'breaker.open',
            actor: 'system',
            details: { reason: 'MATTERPORT_RATE_LIMITED', scope: 'mint', until },
          }),
          entry(7, {
            action: 'breaker.close',
            actor: 'system',
            details: { reason: 'settings-saved' },
          }),
          entry(8, { action: 'encryption.reencrypt', details: { rows: 12 } }),
          entry(9, { action: 'future.thing', details: { size: 2 } }),
        ]),
    });
    renderWithProviders(<ActivityPage />);
    await waitFor(() => expect(rows()).toHaveLength(9));
    expect(lastParams()).toEqual({ page: '1', pageSize: '25' });

    const at = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' });
    const when = at.format(new Date('2026-11-20T10:00:00.000Z'));
    const actions = rows().map((row) => cellsOf(row)[1][0]);
    expect(actions).toEqual([
      'Settings changed',
      'Links revoked',
      'Links revoked',
      'Connection tested',
      'Connection tested',
      'Calls to Matterport paused',
      'Calls to Matterport resumed',
      'Stored links re-encrypted',
      // An action this admin does not know yet (a newer server) keeps its key.
      'future.thing',
    ]);
    const details = rows().map((row) => cellsOf(row)[3]);
    expect(details).toEqual([
      [
        'The client ID is now client-2.',
        'The client secret was replaced.',
        'The default link lifetime went from PT1H to PT2H.',
      ],
      [
        'Every link of a space was chosen.',
        'Space: SxQL3iGyoDo.',
        '3 links were revoked; 1 could not be.',
        'Link 7 of SxQL3iGyoDo was not revoked: Matterport was not answering.',
      ],
      [
        'The links of the previous credentials were chosen.',
        'It started, but no outcome was recorded: the server may have stopped meanwhile.',
      ],
      ['The test failed: Matterport rejected the credentials.'],
      ['The credentials work, and a test link was minted and revoked.'],
      [
        `Embed link creation paused until ${at.format(new Date(until))} because Matterport was throttling requests.`,
      ],
      ['Resumed because the settings were saved.'],
      ['12 stored links were re-encrypted with the current key.'],
      ['size: 2'],
    ]);
    expect(within(rows()[1]).getByText('Bob Editor')).toBeTruthy();
    // In the admin's locale and time zone.
    expect(within(rows()[0]).getByText(when)).toBeTruthy();
  });

  it('offers the actions by name in a choice list, one for each action the server records', async () => {
    admin.setRoutes({ 'GET /matterport/audit': () => answer([entry(1)]) });
    renderWithProviders(<ActivityPage />);
    await waitFor(() => expect(rows()).toHaveLength(1));

    await userEvent.click(screen.getByRole('combobox', { name: 'Action' }));
    const options = (await screen.findAllByRole('option')).map((option) => option.textContent);
    expect(options).toEqual([
      'All actions',
      'Settings changed',
      'Links revoked',
      'Connection tested',
      'Calls to Matterport paused',
      'Calls to Matterport resumed',
      'Stored links re-encrypted',
      'Connection added',
      'Connection changed',
      'Connection removed',
      'Space changed at Matterport',
      'Model events registered',
      'Model events unregistered',
    ]);
    // That these are all the server writes: tests/unit/audit-action-names.test.ts.

    await userEvent.click(screen.getByRole('option', { name: 'Links revoked' }));
    await waitFor(() => expect(lastParams().action).toBe('link.revoke'));
  });

  it('filters by action, actor and date range on the server, and pages, all kept in the URL', async () => {
    admin.setRoutes({
      'GET /matterport/audit': (url) => {
        const page = Number(new URL(url, 'http://admin.test').searchParams.get('page'));
        return answer([entry(page * 10)], { page, pageSize: 25, total: 30 });
      },
    });
    const first = renderWithProviders(<ActivityPage />);
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.getByTestId('matterport-page-status').textContent).toBe(
      'Page 1 of 2 · 30 results'
    );

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(lastParams().page).toBe('2'));

    await userEvent.click(screen.getByRole('combobox', { name: 'Action' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Settings changed' }));
    await userEvent.type(screen.getByLabelText('Who'), 'Ada & Bob');
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-11-30' } });

    const expected = {
      page: '1',
      pageSize: '25',
      action: 'settings.update',
      actor: 'Ada & Bob',
      from: new Date('2026-11-01T00:00:00').toISOString(),
      to: new Date('2026-11-30T23:59:59.999').toISOString(),
    };
    await waitFor(() => expect(lastParams()).toEqual(expected));

    // A reload: the page opens again from the URL alone and asks for the same list.
    const url = `/${location.search}`;
    first.unmount();
    admin.calls.length = 0;
    renderWithProviders(<ActivityPage />, { url });
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(lastParams()).toEqual(expected);
    expect(auditCalls()).toHaveLength(1);
    expect(screen.getByRole('combobox', { name: 'Action' }).textContent).toBe('Settings changed');
    expect((screen.getByLabelText('Who') as HTMLInputElement).value).toBe('Ada & Bob');
    expect((screen.getByLabelText('From') as HTMLInputElement).value).toBe('2026-11-01');
  });

  it('says when nothing matches, and when the list cannot be loaded', async () => {
    let fail = false;
    admin.setRoutes({
      'GET /matterport/audit': () => {
        if (fail) throw admin.fetchError(403, 'ForbiddenError', 'Forbidden');
        return answer([]);
      },
    });
    renderWithProviders(<ActivityPage />);
    expect(await screen.findByText('Nothing has been recorded yet.')).toBeTruthy();

    fail = true;
    await userEvent.type(screen.getByLabelText('Who'), 'x');
    const error = await screen.findByTestId('matterport-activity-error');
    expect(within(error).getByText('The activity could not be loaded.')).toBeTruthy();
    expect(within(error).getByText('Forbidden')).toBeTruthy();

    fail = false;
    await userEvent.click(within(error).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('No activity matches these filters.')).toBeTruthy();
  });
});
