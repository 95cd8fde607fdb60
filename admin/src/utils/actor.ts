/**
 * How the admin names who did something: the display name they had then, and their email
 * beside it (what identifies them: two admins may share a name). Older records have only
 * the name.
 */
export const actorLabel = (name: string, email?: string | null): string =>
  email && email !== name ? `${name} <${email}>` : name;
