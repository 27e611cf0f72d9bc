/** An admin user's fields that make their name. */
export interface NamedAdminUser {
  firstname?: string | null;
  lastname?: string | null;
  username?: string | null;
  email?: string | null;
}

/** How the plugin names an admin user: first and last name, else username, else e-mail; null when none is set. */
export const adminUserName = (user?: NamedAdminUser | null): string | null =>
  user ? [user.firstname, user.lastname].filter(Boolean).join(' ') || user.username || user.email || null : null;
