import { e2eEnv } from './env';

/**
 * JSON calls to the test server's HTTP API, for a spec's setup (logging in the admin, a customer
 * writing through the sandbox): `const api = adminApi(); await api.login(); await api.call(...)`.
 * A non-2xx answer throws with its status and body.
 */
export function adminApi() {
  let token = '';

  async function call(method: string, path: string, body?: unknown): Promise<any> {
    const { baseUrl } = e2eEnv();
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  /** Logs in as the seeded e2e admin (or the one given); later calls carry its token. */
  async function login(admin = e2eEnv().admin): Promise<void> {
    token = (await call('POST', '/admin/login', admin)).data.token;
  }

  return { call, login };
}
