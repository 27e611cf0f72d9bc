import type { Core } from '@strapi/strapi';
import { demoAdminBanner, ensureDemoAdmin } from './admin';
import { seedDemoAutomations } from './automations';
import { DEMO_CONVERSATIONS_READY, seedDemoConversations } from './conversations';
import { seedDemoCustomers } from './customers';
import { seedDemoNumbers } from './numbers';
import { seedDemoStaff } from './staff';
import { seedDemoSuppliers } from './suppliers';
import { seedDemoTenants } from './tenants';
import { syncDemoTemplates } from './templates';
import { demoSeedEnabled } from './when';
import { PLUGIN_ID, UID } from '../../plugins/whatsapp/shared/uids';

export { demoSeedEnabled, DEMO_CONVERSATIONS_READY };

export interface DemoSeedResult {
  seeded: boolean;
  adminCreated: boolean;
  counts?: Record<string, number>;
}

/**
 * Demo data for `npm run develop`: an admin, the sandbox's numbers and approved templates (offline
 * mode only: a live account gets its own from Meta), bakeries, customers, suppliers and purchase
 * orders, automation rules. Runs only on a database without tenants; the templates come through
 * the plugin's template sync, everything else is written in one transaction (all or nothing) and
 * looked up by its natural key first, so running it again adds nothing.
 */
export async function seedDemoData(strapi: Core.Strapi, env: NodeJS.ProcessEnv = process.env): Promise<DemoSeedResult> {
  if ((await strapi.db.query(UID.tenant).count()) > 0) {
    return { seeded: false, adminCreated: false };
  }
  const runtime = strapi.plugin(PLUGIN_ID).service('runtime').get() as { mode: string };
  const master = await strapi.plugin(PLUGIN_ID).service('accounts').findMaster();

  const offline = runtime.mode === 'offline' && master;
  // First, so the automation rules below find their templates; outside the transaction (templates.ts).
  const templates = offline ? await syncDemoTemplates(strapi) : 0;

  const result = await strapi.db.transaction(async () => {
    const admin = await ensureDemoAdmin(strapi, env);
    const numbers = offline ? await seedDemoNumbers(strapi, master.documentId) : new Map<string, string>();
    const tenants = await seedDemoTenants(strapi, numbers);
    const customers = await seedDemoCustomers(strapi, tenants);
    const staff = await seedDemoStaff(strapi, tenants, env);
    const { suppliers, purchaseOrders } = await seedDemoSuppliers(strapi, tenants);
    // Last, so that seeding the records above sends nothing.
    const automations = await seedDemoAutomations(strapi);
    return {
      admin,
      counts: { numbers: numbers.size, templates, tenants: tenants.size, staff, customers, suppliers, purchaseOrders, automations },
    };
  });

  const summary = Object.entries(result.counts)
    .map(([name, count]) => `${count} ${name}`)
    .join(', ');
  strapi.log.info(`[demo] Seeded demo data (${runtime.mode} mode): ${summary}. Set WHATSAPP_DEMO_SEED=false to skip.`);
  if (result.admin.created) {
    const adminUrl = strapi.config.get('admin.absoluteUrl', 'http://localhost:1337/admin') as string;
    for (const line of demoAdminBanner(adminUrl, result.admin.email, env)) strapi.log.info(line);
  }
  return { seeded: true, adminCreated: result.admin.created, counts: result.counts };
}

/**
 * After a seeding start, once this process serves (its webhook answers, the outbox runs): the demo
 * conversations (conversations.ts). Not awaited by the serving task that seeded: requests wait
 * for the serving tasks, so the sandbox's webhooks to our own route would wait for themselves.
 * A failure is logged, never fatal: the rest of the demo is there already.
 */
export function seedDemoConversationsWhenServing(strapi: Core.Strapi): void {
  const runtime = strapi.plugin(PLUGIN_ID).service('runtime');
  void runtime
    .serving()
    .then(() => seedDemoConversations(strapi))
    .then(({ inbound, sent }: { inbound: number; sent: number }) => {
      if (inbound + sent > 0) strapi.log.info(`${DEMO_CONVERSATIONS_READY}: ${inbound} customer messages, ${sent} sent by the bakery and the purchase-order rule.`);
    })
    .catch((error: Error) => strapi.log.warn(`[demo] The demo conversations are incomplete: ${error.message}`));
}
