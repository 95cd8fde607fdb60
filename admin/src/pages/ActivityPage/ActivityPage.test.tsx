import '../../../test/jsdomPolyfills';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { renderWithProviders } from '../../../test/render';
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
  details: { clientIdChanged: false, secretRotated: true, secretHint: '9f9f' },
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

beforeEach(() => admin.resetStrapiAdminMock());

describe('ActivityPage', () => {
  it('lists who did what and when, with the details, from the first page', async () => {
    admin.setRoutes({
      'GET /matterport/audit': () =>
        answer([
          entry(2, {
            action: 'link.revoke',
            actor: 'Bob Editor',
            details: { modelIds: ['SxQL3iGyoDo'], revoked: 3, failed: 1 },
          }),
          entry(1),
        ]),
    });
    renderWithProviders(<ActivityPage />);

    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(lastParams()).toEqual({ page: '1', pageSize: '25' });
    const [revocation, update] = rows();
    expect(within(revocation).getByText('link.revoke')).toBeTruthy();
    expect(within(revocation).getByText('Bob Editor')).toBeTruthy();
    expect(revocation.textContent).toContain('modelIds: ["SxQL3iGyoDo"]');
    expect(revocation.textContent).toContain('failed: 1');
    expect(within(update).getByText('settings.update')).toBeTruthy();
    expect(update.textContent).toContain('secretHint: 9f9f');
    // In the admin's locale and time zone.
    const when = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' }).format(
      new Date('2026-11-20T10:00:00.000Z')
    );
    expect(within(update).getByText(when)).toBeTruthy();
  });

  it('filters by action, actor and date range on the server, and pages', async () => {
    admin.setRoutes({
      'GET /matterport/audit': (url) => {
        const page = Number(new URL(url, 'http://admin.test').searchParams.get('page'));
        return answer([entry(page * 10)], { page, pageSize: 25, total: 30 });
      },
    });
    renderWithProviders(<ActivityPage />);
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(screen.getByTestId('matterport-page-status').textContent).toBe(
      'Page 1 of 2 · 30 results'
    );

    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(lastParams().page).toBe('2'));

    await userEvent.type(screen.getByLabelText('Action'), 'link.revoke');
    await userEvent.type(screen.getByLabelText('Who'), 'Ada');
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-11-30' } });

    await waitFor(() =>
      expect(lastParams()).toEqual({
        page: '1',
        pageSize: '25',
        action: 'link.revoke',
        actor: 'Ada',
        from: new Date('2026-11-01T00:00:00').toISOString(),
        to: new Date('2026-11-30T23:59:59.999').toISOString(),
      })
    );
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
