import type { Core } from '@strapi/strapi';
import { PLUGIN_ID, UID } from '../../plugins/whatsapp/shared/uids';

/**
 * A few real conversations for the first start (offline mode), so the inbox, a customer's comms
 * tab and the statistics page show the product instead of empty states. Everything goes the way
 * production traffic goes: customer messages are signed webhooks the sandbox posts to our own
 * webhook route, replies go through the send service and the outbox to the sandbox, whose status
 * webhooks bring the ticks; the purchase order is approved through the document service, so the
 * automation rule sends its template. Nothing is written to the comms log directly.
 *
 * Uses La Espiga's customers and the Lácteos Valle Verde purchase order, which the browser tests
 * of the inbox do not use, so those tests keep their own clean conversations.
 */

/** The line the e2e runner waits for before its first spec (e2e/runner/server.js). */
export const DEMO_CONVERSATIONS_READY = '[demo] Demo conversations ready';

const ESPIGA_NUMBER = '100000000000001';
const LUCIA = { phone: '+34611223344', name: 'Lucía Fernández' };
const JAVIER = { phone: '+34622334455', name: 'Javier Martínez' };
const EMMA = { phone: '+34644556677', name: 'Emma Wilson' };
const PO_TO_APPROVE = 'PO-2026-0041';
/** Meta's "message undeliverable": a permanent failure the comms tab explains and offers to retry. */
const UNDELIVERABLE = { code: 131026, title: 'Message undeliverable' };

/** A 1×1 PNG: the photo Javier sends (the plugin downloads and stores it like any inbound media). */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64'
);

type Sandbox = {
  simulateInbound(input: { phoneNumberId: string; from: string; name?: string; text?: string; message?: Record<string, unknown> }): Promise<{ wamid: string; status: number }>;
  addMedia(data: Buffer, mimeType: string, filename?: string): string;
  injectFault(fault: Record<string, unknown>): void;
};

const WAIT_MS = 30_000;

/** Polls `check` until it is true; false after WAIT_MS (the seed then says what it could not show). */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

export async function seedDemoConversations(strapi: Core.Strapi): Promise<{ inbound: number; sent: number }> {
  const runtime = strapi.plugin(PLUGIN_ID).service('runtime');
  const sandbox = runtime.sandbox() as Sandbox | undefined;
  if (runtime.get().mode !== 'offline' || !sandbox) return { inbound: 0, sent: 0 };
  const messagesService = strapi.plugin(PLUGIN_ID).service('messages');
  const messages = strapi.db.query(UID.message);

  const customerId = async (phone: string): Promise<string> => {
    const row = (await strapi.db.query(UID.customer).findOne({ where: { phone }, select: ['documentId'] })) as { documentId: string } | null;
    if (!row) throw new Error(`demo customer ${phone} is missing`);
    return row.documentId;
  };
  const inboundStored = (wamid: string) => async () => (await messages.count({ where: { wamid, direction: 'inbound' } })) > 0;
  const statusOf = async (documentId: string) =>
    ((await messages.findOne({ where: { documentId }, select: ['deliveryStatus'] })) as { deliveryStatus?: string } | null)?.deliveryStatus;

  let inbound = 0;
  const customerWrites = async (customer: { phone: string; name: string }, content: { text?: string; message?: Record<string, unknown> }) => {
    const { wamid } = await sandbox.simulateInbound({ phoneNumberId: ESPIGA_NUMBER, from: customer.phone.slice(1), name: customer.name, ...content });
    if (!(await eventually(inboundStored(wamid)))) throw new Error(`the message from ${customer.name} was not applied`);
    inbound += 1;
  };
  let sent = 0;
  const reply = async (customer: { phone: string }, text: string, until: string[]) => {
    const { message } = await messagesService.send({ customer: await customerId(customer.phone), type: 'text', text: { body: text } }, { author: { name: 'Ana (Panadería La Espiga)' } });
    if (!(await eventually(async () => until.includes((await statusOf(message.documentId)) ?? '')))) {
      throw new Error(`the reply to ${customer.phone} did not reach ${until.join('/')}`);
    }
    sent += 1;
  };

  // Lucía asks, the bakery answers (ticks up to read), Lucía writes again: an unread conversation.
  await customerWrites(LUCIA, { text: 'Hola, ¿tenéis pan de centeno hoy? Querría dos hogazas.' });
  await strapi.plugin(PLUGIN_ID).service('conversations').markRead({ customerDocumentId: await customerId(LUCIA.phone) }); // Ana opened it
  await reply(LUCIA, '¡Hola Lucía! Sí, sale del horno a las 11:00. Te guardamos dos hogazas.', ['read']);
  await customerWrites(LUCIA, { text: '¡Genial, paso a las 12! Gracias 😊' });

  // Javier sends a photo with a caption and a location; the reply fails at Meta with a reason.
  const photo = sandbox.addMedia(PHOTO, 'image/png', 'tarta.png');
  await customerWrites(JAVIER, { message: { type: 'image', image: { id: photo, mime_type: 'image/png', caption: '¿Podéis hacer una tarta como esta para el sábado?' } } });
  await customerWrites(JAVIER, {
    message: { type: 'location', location: { latitude: 43.263, longitude: -2.935, name: 'Plaza Nueva', address: 'Plaza Nueva, Bilbao' } },
  });
  sandbox.injectFault({ kind: 'error', status: 400, ...UNDELIVERABLE, method: 'POST', path: '/messages', count: 1 });
  await reply(JAVIER, 'Sí, podemos. ¿Para cuántas personas la quieres?', ['failed']);

  // Emma answers a button of an earlier campaign: an interactive reply nobody has read yet.
  await customerWrites(EMMA, { message: { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'order-gluten-free', title: 'Gluten-free, please' } } } });

  // The purchase-order rule: approving PO-2026-0041 sends po_notification to its supplier.
  const orders = strapi.documents('api::purchase-order.purchase-order' as any);
  const order = (await orders.findFirst({ filters: { poNumber: PO_TO_APPROVE } } as any)) as { documentId: string } | null;
  if (order) {
    await orders.update({ documentId: order.documentId, data: { orderStatus: 'approved' } } as any);
    const notified = await eventually(
      async () => (await messages.count({ where: { templateName: 'po_notification', deliveryStatus: { $in: ['delivered', 'read'] } } })) > 0
    );
    if (!notified) throw new Error(`the po_notification for ${PO_TO_APPROVE} was not delivered`);
    sent += 1;
  }
  return { inbound, sent };
}
