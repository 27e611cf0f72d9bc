/**
 * Seeds for the inbox tests: numbers, tenants, customers and comms-log rows written straight to the
 * database (the way the webhook and the outbox store them), so each test controls ids and times.
 */
import { UID } from '../../plugins/whatsapp/shared/uids';
import type { TestApp } from '../helpers/strapi';

export { UID };

export const HOUR = 3600_000;

export async function phoneNumber(app: TestApp, phoneNumberId: string, displayPhoneNumber: string) {
  const existing = await app.strapi.db.query(UID.phoneNumber).findOne({ where: { phoneNumberId } });
  if (existing) {
    if (existing.displayPhoneNumber === displayPhoneNumber) return existing;
    return app.strapi.db.query(UID.phoneNumber).update({ where: { id: existing.id }, data: { displayPhoneNumber } });
  }
  return app.strapi.db.query(UID.phoneNumber).create({ data: { phoneNumberId, displayPhoneNumber, verifiedName: 'Shop' } });
}

export async function tenant(app: TestApp, name: string, phoneNumberRow?: any) {
  return app.strapi.db.query(UID.tenant).create({
    data: { name, whatsappEnabled: true, defaultLanguage: 'en', ...(phoneNumberRow ? { phoneNumber: phoneNumberRow.id } : {}) },
  });
}

export async function customer(app: TestApp, data: { name: string; phone: string; waId?: string; tenant?: any; language?: string }) {
  return app.strapi.db.query(UID.customer).create({
    data: {
      name: data.name,
      phone: data.phone,
      waId: data.waId ?? data.phone.replace(/\D/g, ''),
      language: data.language ?? 'en',
      identityKey: `${data.tenant?.id ?? 0}:${data.phone}`,
      ...(data.tenant ? { tenant: data.tenant.id } : {}),
    },
  });
}

let wamidCounter = 0;
export const wamid = () => `wamid.TEST${Date.now()}${(wamidCounter += 1)}`;

export interface MessageSeed {
  number: any;
  customer?: any;
  tenant?: any;
  waId?: string;
  direction: 'inbound' | 'outbound';
  at: Date;
  type?: string;
  deliveryStatus?: string;
  body?: string | null;
  [key: string]: unknown;
}

/** A comms-log row as the webhook (inbound) or the outbox (outbound) would store it. */
export async function message(app: TestApp, seed: MessageSeed) {
  const { number, customer: c, tenant: t, waId, direction, at, type = 'text', deliveryStatus, body = 'hello', ...rest } = seed;
  const identity = waId ?? c?.waId;
  const row = await app.strapi.db.query(UID.message).create({
    data: {
      wamid: wamid(),
      direction,
      type,
      deliveryStatus: deliveryStatus ?? (direction === 'inbound' ? 'received' : 'sent'),
      body,
      occurredAt: at,
      conversationKey: `${number.phoneNumberId}:${identity}`,
      businessPhoneNumberId: number.phoneNumberId,
      customerWaId: identity,
      customerPhone: identity ? `+${identity}` : null,
      phoneNumber: number.id,
      ...(c ? { customer: c.id } : {}),
      ...(t ? { tenant: t.id } : {}),
      ...(direction === 'inbound' ? { receivedAt: at } : {}),
      ...rest,
    },
  });
  // A row written straight into the log, as an import would: its conversation's inbox row follows.
  await refreshSummaries(app, [row.conversationKey]);
  return row;
}

/**
 * Recomputes the inbox rows of these conversations (all when omitted) after a test wrote the comms
 * log directly, bypassing the plugin's write paths (inbox/summaries.ts).
 */
export async function refreshSummaries(app: TestApp, keys?: string[]) {
  const summaries = app.strapi.plugin('whatsapp').service('conversation-summaries');
  if (keys) await summaries.refresh(keys);
  else await summaries.refreshAll();
}

/** An admin whose role has only the given plugin actions (or none). */
export async function limitedAdmin(app: TestApp, actions: string[]) {
  const role = await app.strapi.service('admin::role').create({ name: `Limited ${Date.now()}-${Math.random()}`, description: 'test' });
  if (actions.length) {
    await app.strapi.service('admin::role').assignPermissions(
      role.id,
      actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] }))
    );
  }
  const email = `limited-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  const password = 'Admin12345!';
  await app.strapi.service('admin::user').create({
    email, firstname: 'Lim', lastname: 'Ited', password, registrationToken: null, isActive: true, roles: [role.id],
  });
  const res = await app.http.post('/admin/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login failed ${res.status}`);
  return { token: res.body.data.token as string };
}
