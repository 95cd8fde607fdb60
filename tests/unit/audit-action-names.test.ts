/**
 * The activity page names every action the audit trail records ("Settings changed", not
 * "settings.update"). The admin cannot import the server (it talks to it over HTTP), so
 * the two lists meet here: an action added to the server fails this test until the
 * activity page has a name for it, and the page offers no action that is never recorded.
 */
import { AUDIT_ACTIONS } from '../../server/src/ops/audit';
import { ACTION_NAMES } from '../../admin/src/pages/ActivityPage/activityText';

describe('audit action names', () => {
  it('names exactly the actions the server records', () => {
    expect(Object.keys(ACTION_NAMES).sort()).toEqual([...AUDIT_ACTIONS].sort());
  });
});
