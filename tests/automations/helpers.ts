/**
 * Set-up shared by the automation tests: a Strapi on a fresh database with the sandbox's demo
 * templates approved, a tenant, customers and suppliers, and rules created through the plugin's
 * own service (the same checks as the admin editor).
 */
import { createDemoSandboxOptions } from '../../plugins/whatsapp/sandbox/demo';
import { seedTemplates, service, startOutboundApp, type TestApp } from '../outbound/helpers';
import { UID } from '../../plugins/whatsapp/shared/uids';

export { service, type TestApp };
export const MESSAGE = UID.message;
export const AUTOMATION = UID.automation;
export const PO = 'api::purchase-order.purchase-order';
export const JOB = 'api::job.job';
export const INVOICE = 'api::invoice.invoice';
export const SUPPLIER = 'api::supplier.supplier';

export const DEMO_TEMPLATES = createDemoSandboxOptions().templates;

export async function startAutomationApp(options: { env?: Record<string, string | undefined>; worker?: boolean; autoStatuses?: boolean } = {}) {
  const app = await startOutboundApp({
    env: options.env,
    worker: options.worker,
    sandbox: { templates: DEMO_TEMPLATES, autoStatuses: options.autoStatuses ? ['sent', 'delivered', 'read'] : [] },
  });
  await seedTemplates(app, DEMO_TEMPLATES);
  return app;
}

export async function seedWorld(app: TestApp) {
  const tenant = await app.strapi.db.query(UID.tenant).create({ data: { name: 'Panadería La Espiga', whatsappEnabled: true, defaultLanguage: 'es' } });
  const customer = await app.strapi.db.query(UID.customer).create({
    data: { name: 'Ane', phone: '+34600111222', waId: '34600111222', tenant: tenant.id },
  });
  const supplier = await app.strapi.documents(SUPPLIER as any).create({ data: { name: 'Harinas del Norte', phone: '+34 600 222 333', tenant: tenant.documentId } as any });
  return { tenant, customer, supplier };
}

export const rules = (app: TestApp) => service(app, 'automation-rules');
export const automations = (app: TestApp) => service(app, 'automations');

/** Waits until every delivery started by earlier writes has reached the outbox and the rule log. */
export const settle = (app: TestApp) => automations(app).drain();

export async function messagesOf(app: TestApp, ruleDocumentId: string) {
  return app.strapi.db.query(MESSAGE).findMany({
    where: { automation: { documentId: ruleDocumentId } },
    orderBy: { id: 'asc' },
    populate: { customer: true, tenant: true, automation: true },
  });
}

export async function ruleRow(app: TestApp, documentId: string) {
  return app.strapi.db.query(AUTOMATION).findOne({ where: { documentId } });
}

export const poRule = (overrides: Record<string, unknown> = {}) => ({
  name: 'PO approved',
  contentType: PO,
  event: 'updated',
  condition: { field: 'orderStatus', operator: 'changedTo', value: 'approved' },
  recipientPath: 'supplier.phone',
  tenantPath: 'tenant',
  templateName: 'po_notification',
  language: 'es',
  parameterMapping: {
    'body.1': { source: 'field', path: 'supplier.name' },
    'body.2': { source: 'field', path: 'poNumber' },
    'body.3': { source: 'field', path: 'total', format: 'currency', currencyPath: 'currency' },
  },
  ...overrides,
});

export const jobRule = (overrides: Record<string, unknown> = {}) => ({
  name: 'Job scheduled',
  contentType: JOB,
  event: 'published',
  condition: { field: 'stage', operator: 'changedTo', value: 'scheduled' },
  recipientPath: 'customer',
  tenantPath: 'tenant',
  templateName: 'job_scheduled',
  language: 'es',
  parameterMapping: {
    'body.1': { source: 'field', path: 'customer.name' },
    'body.2': { source: 'field', path: 'title' },
    'body.3': { source: 'field', path: 'scheduledAt', format: 'datetime', fallback: 'pronto' },
  },
  ...overrides,
});
