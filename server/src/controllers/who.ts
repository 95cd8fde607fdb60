import type { Actor } from '../events';

/** An admin user as ctx.state.user holds it. */
export interface AdminUser {
  id?: number | string | null;
  firstname?: string | null;
  lastname?: string | null;
  email?: string | null;
  username?: string | null;
}

/**
 * Who did something, as the audit trail, the ledger (`revokedBy`), the settings and webhooks
 * record it: the admin's id and email, which the admin cannot change to someone else's (ids
 * never change; emails are unique), and the display name beside them, which anyone can edit
 * (two admins may share one). The plugin itself ("system", "revokeOnUnpublish") has no id.
 */
export type { Actor };

/**
 * Characters of a display name or email kept: the columns are varchar(255) on PostgreSQL and
 * MariaDB (an admin's first name alone may be longer), with room for the ellipsis.
 */
export const ACTOR_TEXT_MAX = 120;

/** `text` cut to `max` characters (code points, so no surrogate pair is split), marked with "…". */
export const truncate = (text: string, max = ACTOR_TEXT_MAX): string => {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
};

const idOf = (value: unknown): number | null => {
  const id = typeof value === 'string' ? Number(value) : value;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
};

/** The actor of a request made by an admin user. */
export const who = (user: AdminUser | undefined): Actor => {
  const name =
    [user?.firstname, user?.lastname].filter(Boolean).join(' ') ||
    user?.username ||
    user?.email ||
    'unknown';
  return {
    id: idOf(user?.id),
    email: user?.email ? truncate(user.email) : null,
    name: truncate(name),
  };
};
