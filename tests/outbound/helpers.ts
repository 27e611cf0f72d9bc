/**
 * Shared set-up for the outbound tests: a Strapi on a fresh database talking to the sandbox,
 * API tokens, tenants, numbers, templates and "the customer wrote to us at …" rows.
 */
import type { SandboxOptions, SandboxTemplate } from '../../plugins/whatsapp/sandbox';
import { startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { PLUGIN_ID, UID } from '../../plugins/whatsapp/shared/uids';

export { TEST_CREDENTIALS };
export type { TestApp };

export const MESSAGE = UID.message;
export const CUSTOMER = UID.customer;
export const TENANT = UID.tenant;
export const PHONE_NUMBER = UID.phoneNumber;
export const TEMPLATE = UID.template;

/** Templates known to both the sandbox (Meta's side) and the Strapi database. */
export const TEMPLATES: SandboxTemplate[] = [
  {
    name: 'po_notification',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
      { type: 'BODY', text: 'Hello {{1}}, purchase order {{2}} for {{3}} was approved.' },
      { type: 'FOOTER', text: 'Reply STOP to opt out' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'URL', text: 'View order', url: 'https://crm.example.com/po/{{1}}' },
          { type: 'QUICK_REPLY', text: 'Thanks' },
        ],
      },
    ],
  },
  {
    name: 'order_ready',
    language: 'es_ES',
    category: 'UTILITY',
    parameter_format: 'NAMED',
    components: [{ type: 'BODY', text: 'Hola {{first_name}}, tu pedido {{order_id}} está listo.' }],
  },
  {
    name: 'spring_sale',
    language: 'en_US',
    category: 'MARKETING',
    components: [
      { type: 'HEADER', format: 'IMAGE' },
      { type: 'BODY', text: 'Spring sale: {{1}} off everything.' },
      { type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', example: 'SPRING' }] },
    ],
  },
  {
    name: 'hello_world',
    language: 'en_US',
    category: 'UTILITY',
    components: [{ type: 'BODY', text: 'Hello world' }],
  },
];

export interface OutboundAppOptions {
  env?: Record<string, string | undefined>;
  sandbox?: Partial<SandboxOptions>;
  /** Default false: tests drive the worker with outbox.drain() to see each state. */
  worker?: boolean;
}

export async function startOutboundApp(options: OutboundAppOptions = {}): Promise<TestApp> {
  const app = await startTestApp({
    env: { WHATSAPP_OUTBOX_ENABLED: options.worker ? 'true' : 'false', WHATSAPP_OUTBOX_POLL_MS: '100', ...(options.env ?? {}) },
    // No automatic status webhooks: these tests look at what the outbox itself records.
    sandbox: { autoStatuses: [], templates: TEMPLATES, ...(options.sandbox ?? {}) },
  });
  await seedTemplates(app, TEMPLATES);
  return app;
}

export async function seedTemplates(app: TestApp, templates: SandboxTemplate[], status = 'APPROVED') {
  const master = await app.strapi.db.query(UID.businessAccount).findOne({ where: { isMaster: true } });
  for (const template of templates) {
    await app.strapi.db.query(TEMPLATE).create({
      data: {
        name: template.name,
        language: template.language,
        category: template.category,
        parameterFormat: template.parameter_format ?? 'POSITIONAL',
        reviewStatus: template.status ?? status,
        components: template.components,
        account: master.id,
      },
    });
  }
}

/** A custom API token with the given content-API actions (`plugin::whatsapp.messages.send` …). */
export async function apiToken(app: TestApp, actions: string[]): Promise<string> {
  const token = await app.strapi.service('admin::api-token').create({
    name: `outbound-${Math.random().toString(36).slice(2)}`,
    type: 'custom',
    permissions: actions,
    lifespan: null,
  });
  return token.accessKey;
}

export const ALL_ACTIONS = ['send', 'list', 'findOne', 'retry', 'markRead'].map((action) => `plugin::whatsapp.messages.${action}`);

export const service = (app: TestApp, name: string) => app.strapi.plugin(PLUGIN_ID).service(name) as any;

export async function addNumber(app: TestApp, phoneNumberId: string, extra: Record<string, unknown> = {}) {
  const master = await app.strapi.db.query(UID.businessAccount).findOne({ where: { isMaster: true } });
  return app.strapi.db.query(PHONE_NUMBER).create({
    data: { phoneNumberId, displayPhoneNumber: `+34 600 ${phoneNumberId.slice(-6)}`, account: master.id, throughputPerSecond: 80, ...extra },
  });
}

export async function createTenant(app: TestApp, data: Record<string, unknown> = {}) {
  return app.strapi.db.query(TENANT).create({
    data: { name: `Tenant ${Math.random().toString(36).slice(2, 7)}`, whatsappEnabled: true, ...data },
    populate: { phoneNumber: true },
  });
}

export async function createCustomer(app: TestApp, data: Record<string, unknown>) {
  return app.strapi.db.query(CUSTOMER).create({ data });
}

/**
 * "The customer wrote to this number at `at`": the inbound row the 24-hour window is computed
 * from, and the same fact on Meta's side (the sandbox enforces the window too).
 */
export async function customerWrote(
  app: TestApp,
  { waId, customerId, phoneNumberId = TEST_CREDENTIALS.phoneNumberId, at = new Date() }: { waId: string; customerId?: number; phoneNumberId?: string; at?: Date }
) {
  app.sandbox?.openWindow(phoneNumberId, waId, at.getTime());
  return app.strapi.db.query(MESSAGE).create({
    data: {
      direction: 'inbound',
      type: 'text',
      deliveryStatus: 'received',
      body: 'hello',
      wamid: `wamid.in.${Math.random().toString(36).slice(2)}`,
      businessPhoneNumberId: phoneNumberId,
      conversationKey: `${phoneNumberId}:${waId}`,
      customerWaId: waId,
      customerPhone: `+${waId}`,
      occurredAt: at,
      receivedAt: at,
      customer: customerId ?? null,
    },
  });
}

export async function findMessage(app: TestApp, documentId: string) {
  return app.strapi.db.query(MESSAGE).findOne({ where: { documentId }, populate: { customer: true, tenant: true, media: true } });
}

/** Polls until `check` returns a truthy value (for the background worker); fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 20000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
