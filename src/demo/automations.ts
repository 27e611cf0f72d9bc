import type { Core } from '@strapi/strapi';
import type { AutomationInput } from '../../plugins/whatsapp/shared/contracts/automations';
import { PLUGIN_ID, UID } from '../../plugins/whatsapp/shared/uids';

/**
 * The seeds' notification scenarios as automation rules on the host app's demo content types
 * (docs/automations.md walks through them):
 * - a purchase order approved → `po_notification` to the supplier (name, PO number, total);
 * - a job scheduled, a technician assigned, a job completed → the customer;
 * - an invoice created → the customer.
 * Jobs have draft & publish, so their rules watch publications. Rules are matched by name, so
 * seeding again adds nothing.
 */
export const DEMO_AUTOMATIONS: AutomationInput[] = [
  {
    name: 'Purchase order approved → supplier',
    contentType: 'api::purchase-order.purchase-order',
    event: 'updated',
    condition: { field: 'orderStatus', operator: 'changedTo', value: 'approved' },
    recipientPath: 'supplier.phone',
    tenantPath: 'tenant',
    templateName: 'po_notification',
    language: 'es',
    parameterMapping: {
      'body.1': { source: 'field', path: 'supplier.name' },
      'body.2': { source: 'field', path: 'poNumber' },
      'body.3': { source: 'field', path: 'total', format: 'currency', currencyPath: 'currency', currency: 'EUR' },
    },
  },
  {
    name: 'Job scheduled → customer',
    contentType: 'api::job.job',
    event: 'published',
    condition: { field: 'stage', operator: 'changedTo', value: 'scheduled' },
    recipientPath: 'customer',
    tenantPath: 'tenant',
    templateName: 'job_scheduled',
    language: 'es',
    parameterMapping: {
      'body.1': { source: 'field', path: 'customer.name', fallback: 'cliente' },
      'body.2': { source: 'field', path: 'title' },
      'body.3': { source: 'field', path: 'scheduledAt', format: 'datetime', fallback: 'la fecha acordada' },
    },
  },
  {
    name: 'Technician assigned → customer',
    contentType: 'api::job.job',
    event: 'published',
    condition: { field: 'technician', operator: 'changedToAny' },
    recipientPath: 'customer',
    tenantPath: 'tenant',
    templateName: 'technician_assigned',
    language: 'es',
    parameterMapping: {
      'body.1': { source: 'field', path: 'customer.name', fallback: 'cliente' },
      'body.2': { source: 'field', path: 'technician' },
      'body.3': { source: 'field', path: 'title' },
    },
  },
  {
    name: 'Job completed → customer',
    contentType: 'api::job.job',
    event: 'published',
    condition: { field: 'stage', operator: 'changedTo', value: 'completed' },
    recipientPath: 'customer',
    tenantPath: 'tenant',
    templateName: 'job_completed',
    language: 'es',
    parameterMapping: {
      'body.1': { source: 'field', path: 'customer.name', fallback: 'cliente' },
      'body.2': { source: 'field', path: 'title' },
    },
  },
  {
    name: 'Invoice created → customer',
    contentType: 'api::invoice.invoice',
    event: 'created',
    condition: null,
    recipientPath: 'customer',
    tenantPath: 'tenant',
    templateName: 'invoice_created',
    language: 'es',
    parameterMapping: {
      'body.1': { source: 'field', path: 'customer.name', fallback: 'cliente' },
      'body.2': { source: 'field', path: 'number' },
      'body.3': { source: 'field', path: 'amount', format: 'currency', currencyPath: 'currency', currency: 'EUR' },
      'body.4': { source: 'field', path: 'dueDate', format: 'date', fallback: 'su recepción' },
    },
  },
];

/** Creates the demo rules that do not exist yet (by name); returns how many were created. */
export async function seedDemoAutomations(strapi: Core.Strapi): Promise<number> {
  const rules = strapi.plugin(PLUGIN_ID).service('automation-rules') as { create(input: unknown): Promise<unknown> };
  let created = 0;
  for (const rule of DEMO_AUTOMATIONS) {
    const existing = await strapi.db.query(UID.automation).findOne({ where: { name: rule.name } });
    if (existing) continue;
    await rules.create(rule);
    created += 1;
  }
  return created;
}
