import type { Core } from '@strapi/strapi';
import { ACTIONS } from '../../plugins/whatsapp/shared/permissions';
import { TENANT_CONDITION } from '../../plugins/whatsapp/shared/tenancy';
import { PLUGIN_ID, UID } from '../../plugins/whatsapp/shared/uids';
import { DEFAULT_DEMO_ADMIN } from './admin';

export const BAKERY_STAFF_ROLE = 'Bakery staff';

/** Two bakery owners, each a member of their bakery (with the demo admin): they see their own conversations and nothing else. */
export const DEMO_STAFF = [
  { email: 'amaia@laespiga.example', firstname: 'Amaia', lastname: 'Urrutia', tenantSlug: 'panaderia-la-espiga' },
  { email: 'mikel@sanmiguel.example', firstname: 'Mikel', lastname: 'Otxoa', tenantSlug: 'horno-san-miguel' },
] as const;

/** What a bakery's staff may do, all of it on their tenants only ("Belongs to one of my tenants"). */
const SCOPED_ACTIONS = [
  ACTIONS.messagesRead,
  ACTIONS.messagesSend,
  ACTIONS.conversationsManage,
  ACTIONS.conversationNotesWrite,
  ACTIONS.customersExport,
  ACTIONS.ownTenantManage,
];

/** The app's own records a bakery works with in the Content Manager, scoped the same way. */
const SCOPED_TYPES = [UID.customer, 'api::purchase-order.purchase-order', 'api::invoice.invoice', 'api::job.job'];

/**
 * The demo's "Bakery staff" role and its two users (docs/tenancy.md shows how it is built): the
 * role's plugin actions and its Content Manager read/update carry the tenant condition, and each
 * user is a member of one bakery. Created with the rest of the demo, on a database without tenants.
 */
export async function seedDemoStaff(strapi: Core.Strapi, tenants: Map<string, string>, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const roles = strapi.service('admin::role');
  let role = (await roles.find({ name: BAKERY_STAFF_ROLE }))?.[0];
  if (!role) {
    role = await roles.create({ name: BAKERY_STAFF_ROLE, description: 'A bakery’s own WhatsApp: its conversations, customers and orders only' });
    const contentManager = SCOPED_TYPES.filter((uid) => strapi.contentTypes[uid as keyof typeof strapi.contentTypes]).flatMap((uid) => {
      const fields = Object.keys(strapi.getModel(uid as any).attributes);
      return ['read', 'update'].map((verb) => ({
        action: `plugin::content-manager.explorer.${verb}`,
        subject: uid,
        properties: { fields },
        conditions: [TENANT_CONDITION.id],
      }));
    });
    await roles.assignPermissions(role.id, [
      ...SCOPED_ACTIONS.map((action) => ({ action, subject: null, properties: {}, conditions: [TENANT_CONDITION.id] })),
      // Templates belong to the business account, not to a tenant: readable as they are.
      { action: ACTIONS.templatesRead, subject: null, properties: {}, conditions: [] },
      ...contentManager,
    ]);
  }

  let created = 0;
  for (const person of DEMO_STAFF) {
    const tenantDocumentId = tenants.get(person.tenantSlug);
    if (!tenantDocumentId) continue;
    const existing = await strapi.db.query('admin::user').findOne({ where: { email: person.email } });
    if (existing) continue;
    const { tenantSlug, ...profile } = person;
    const user = await strapi.service('admin::user').create({
      ...profile,
      password: env.DEMO_ADMIN_PASSWORD || DEFAULT_DEMO_ADMIN.password,
      isActive: true,
      registrationToken: null,
      roles: [role.id],
    });
    // The demo admin works both bakeries too, so the inbox's "Assign to me" works for them there.
    const demoAdmin = await strapi.db.query('admin::user').findOne({ where: { email: (env.DEMO_ADMIN_EMAIL || DEFAULT_DEMO_ADMIN.email).trim().toLowerCase() }, select: ['id'] });
    await strapi.plugin(PLUGIN_ID).service('tenants').setMembers(tenantDocumentId, demoAdmin ? [user.id, demoAdmin.id] : [user.id]);
    created += 1;
  }
  return created;
}
