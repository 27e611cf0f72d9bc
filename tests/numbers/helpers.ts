/**
 * Helpers for the numbers/accounts/settings API tests: admins whose role holds only some of the
 * plugin's RBAC actions, tenants, and numbers of the test sandbox.
 */
import { createAdmin, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { UID } from '../../plugins/whatsapp/shared/uids';

let roles = 0;

/** An admin whose (new) role has exactly `actions`; `[]` gives a role with no plugin action. */
export async function adminWithActions(app: TestApp, actions: string[]): Promise<{ token: string }> {
  roles += 1;
  const roleService = app.strapi.service('admin::role');
  const role = await roleService.create({ name: `numbers-test-${roles}-${Date.now()}`, description: 'test role' });
  await roleService.assignPermissions(
    role.id,
    actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] }))
  );
  return createAdmin(app, { roleCode: role.code, email: `role-${roles}-${Date.now()}@example.com` });
}

export async function createTenant(app: TestApp, data: { name: string; whatsappEnabled?: boolean; defaultLanguage?: string }) {
  return app.strapi.documents(UID.tenant).create({ data: { whatsappEnabled: true, ...data } as any });
}

/** The test sandbox's numbers: the master default number plus two more. */
export const SANDBOX_NUMBERS = [
  { id: TEST_CREDENTIALS.phoneNumberId, displayPhoneNumber: TEST_CREDENTIALS.displayPhoneNumber, verifiedName: 'Test Bakery' },
  { id: '100000000000002', displayPhoneNumber: '+34 600 000 002', verifiedName: 'Test Florist', qualityRating: 'YELLOW' as const },
  { id: '100000000000003', displayPhoneNumber: '+34 600 000 003', verifiedName: 'Test Garage', qualityRating: 'RED' as const },
];

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
