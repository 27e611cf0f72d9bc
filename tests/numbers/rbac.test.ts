/**
 * RBAC: every admin route of numbers, tenants, accounts and settings requires its action. A role
 * with every other plugin action gets 403; a role with only that action gets through; no token
 * gets 401.
 */
import { ACTIONS } from '../../plugins/whatsapp/shared/permissions';
import { startTestApp, type TestApp } from '../helpers/strapi';
import { adminWithActions, bearer } from './helpers';

type Route = { method: 'get' | 'post' | 'put' | 'delete'; path: string; action: string; body?: object };

const ROUTES: Route[] = [
  { method: 'get', path: '/whatsapp/phone-numbers', action: ACTIONS.numbersRead },
  { method: 'post', path: '/whatsapp/phone-numbers/sync', action: ACTIONS.numbersSync, body: {} },
  { method: 'get', path: '/whatsapp/tenants', action: ACTIONS.numbersRead },
  { method: 'post', path: '/whatsapp/tenants/unknown/assign-phone', action: ACTIONS.numbersAssign, body: { phoneNumberId: '100000000000001' } },
  { method: 'delete', path: '/whatsapp/tenants/unknown/assign-phone', action: ACTIONS.numbersAssign },
  { method: 'put', path: '/whatsapp/tenants/unknown/settings', action: ACTIONS.numbersAssign, body: { whatsappEnabled: true } },
  { method: 'get', path: '/whatsapp/accounts', action: ACTIONS.accountsManage },
  { method: 'post', path: '/whatsapp/accounts', action: ACTIONS.accountsManage, body: {} },
  { method: 'put', path: '/whatsapp/accounts/unknown', action: ACTIONS.accountsManage, body: { name: 'x' } },
  { method: 'delete', path: '/whatsapp/accounts/unknown', action: ACTIONS.accountsManage },
  { method: 'post', path: '/whatsapp/accounts/unknown/test', action: ACTIONS.accountsManage },
  { method: 'get', path: '/whatsapp/settings', action: ACTIONS.settingsRead },
  { method: 'get', path: '/whatsapp/settings/verify-token', action: ACTIONS.settingsUpdate },
];

const ALL_ACTIONS = Object.values(ACTIONS);

describe('numbers: RBAC on every admin route', () => {
  let app: TestApp;
  const withoutAction: Record<string, string> = {};
  const onlyAction: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    for (const action of new Set(ROUTES.map((r) => r.action))) {
      withoutAction[action] = (await adminWithActions(app, ALL_ACTIONS.filter((a) => a !== action))).token;
      onlyAction[action] = (await adminWithActions(app, [action])).token;
    }
  });

  afterAll(async () => {
    await app?.stop();
  });

  const call = (route: Route, token?: string) => {
    const req = app.http[route.method](route.path);
    if (token) req.set(bearer(token));
    return route.body ? req.send(route.body) : req;
  };

  it.each(ROUTES.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))(
    '%s: 403 without its action, through with it, 401 without a token',
    async (_name, route) => {
      const denied = await call(route, withoutAction[route.action]);
      expect(denied.status).toBe(403);
      expect(denied.body.error.name).toBe('PolicyError');

      const allowed = await call(route, onlyAction[route.action]);
      expect([401, 403]).not.toContain(allowed.status);
      expect(allowed.status).toBeLessThan(500);

      expect((await call(route)).status).toBe(401);
    }
  );
});
