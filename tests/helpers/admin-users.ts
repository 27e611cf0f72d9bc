import type { TestApp } from './strapi';

/**
 * An admin user whose role has only these plugin actions (no conditions), logged in: its id, JWT
 * and display name. `isActive: false` deactivates it after the login, as an administrator would.
 */
export async function adminWithActions(app: TestApp, actions: string[], { isActive = true, firstname = 'Agent' } = {}) {
  const role = await app.strapi.service('admin::role').create({ name: `Role ${Date.now()}-${Math.random()}`, description: 'test' });
  if (actions.length) {
    await app.strapi.service('admin::role').assignPermissions(role.id, actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] })));
  }
  const email = `agent-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  const password = 'Admin12345!';
  const user = await app.strapi.service('admin::user').create({ email, firstname, lastname: 'Test', password, registrationToken: null, isActive: true, roles: [role.id] });
  const res = await app.http.post('/admin/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login failed ${res.status}`);
  if (!isActive) await app.strapi.db.query('admin::user').update({ where: { id: user.id }, data: { isActive: false } });
  return { id: user.id as number, token: res.body.data.token as string, name: `${firstname} Test`, email };
}

/** Reads until `ok` holds or the time is up (for effects of another party, e.g. an event listener); returns the last value read. */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
