/** An admin user as ctx.state.user holds it. */
export interface AdminUser {
  firstname?: string | null;
  lastname?: string | null;
  email?: string | null;
  username?: string | null;
}

/** The name the ledger, the audit trail and webhooks give an admin user. */
export const who = (user: AdminUser | undefined): string =>
  [user?.firstname, user?.lastname].filter(Boolean).join(' ') ||
  user?.username ||
  user?.email ||
  'unknown';
