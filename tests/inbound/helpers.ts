/**
 * Signed webhook payloads built from the shapes in docs/whatsapp-cloud-api.md#webhook-payloads,
 * and small helpers to post them and wait for their processing. Bodies are serialised like
 * Meta's (non-ASCII as \uXXXX) and signed over those exact bytes.
 */
import { metaJsonStringify, signPayload } from '../../plugins/whatsapp/sandbox';
import { TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { PLUGIN_ID } from '../../plugins/whatsapp/shared/uids';

let seq = 0;
/** A fresh wamid-looking id. */
export const wamid = (label = 'msg') => `wamid.HBgL${label}${Date.now().toString(36)}${(seq += 1)}`;
export const nowSeconds = (offset = 0) => String(Math.floor(Date.now() / 1000) + offset);

export interface NumberRef {
  wabaId?: string;
  phoneNumberId?: string;
  display?: string;
}

const defaults = (ref: NumberRef = {}) => ({
  wabaId: ref.wabaId ?? TEST_CREDENTIALS.businessAccountId,
  phoneNumberId: ref.phoneNumberId ?? TEST_CREDENTIALS.phoneNumberId,
  display: ref.display ?? TEST_CREDENTIALS.displayPhoneNumber.replace(/\D/g, ''),
});

export function envelope(wabaId: string, changes: { field: string; value: unknown }[], time?: number) {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: wabaId, ...(time ? { time } : {}), changes }],
  };
}

export function messagesValue(
  ref: NumberRef,
  parts: { contacts?: unknown[]; messages?: unknown[]; statuses?: unknown[]; errors?: unknown[] }
) {
  const d = defaults(ref);
  return {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: d.display, phone_number_id: d.phoneNumberId },
    ...parts,
  };
}

export interface InboundInput {
  ref?: NumberRef;
  from?: string;
  name?: string;
  id?: string;
  timestamp?: string;
  userId?: string;
  /** The type-specific part, e.g. { type: 'text', text: { body: 'Hi' } }. */
  message?: Record<string, unknown>;
}

/** A `messages` webhook with one inbound message (text "Hola" by default). */
export function inboundPayload(input: InboundInput = {}) {
  const d = defaults(input.ref);
  const from = input.from ?? '34600111222';
  const message: Record<string, unknown> = {
    from,
    id: input.id ?? wamid(),
    timestamp: input.timestamp ?? nowSeconds(),
    ...(input.userId ? { from_user_id: input.userId } : {}),
    ...(input.message ?? { type: 'text', text: { body: 'Hola' } }),
  };
  if (input.from === '' ) delete message.from;
  const contact: Record<string, unknown> = { profile: { name: input.name ?? 'Ana García' } };
  if (input.from !== '') contact.wa_id = from;
  if (input.userId) contact.user_id = input.userId;
  return envelope(d.wabaId, [
    { field: 'messages', value: messagesValue(input.ref ?? {}, { contacts: [contact], messages: [message] }) },
  ]);
}

export interface StatusInput {
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'played' | 'failed';
  timestamp?: string;
  recipient?: string;
  pricing?: Record<string, unknown>;
  errors?: unknown[];
  ref?: NumberRef;
}

export function statusPayload(...statuses: StatusInput[]) {
  const ref = statuses[0]?.ref ?? {};
  return envelope(defaults(ref).wabaId, [
    {
      field: 'messages',
      value: messagesValue(ref, {
        statuses: statuses.map((s) => ({
          id: s.id,
          status: s.status,
          timestamp: s.timestamp ?? nowSeconds(),
          recipient_id: s.recipient ?? '34600111222',
          ...(s.pricing ? { pricing: s.pricing } : {}),
          ...(s.errors ? { errors: s.errors } : {}),
        })),
      }),
    },
  ]);
}

/** Meta's serialisation of a payload: the exact bytes that get signed. */
export const rawOf = (payload: unknown) => (typeof payload === 'string' ? payload : metaJsonStringify(payload));

/** POSTs a payload signed with `secret` (the master app secret by default). */
export function postSigned(app: TestApp, payload: unknown, secret = TEST_CREDENTIALS.appSecret) {
  const raw = rawOf(payload);
  return app.http
    .post('/api/whatsapp/webhook')
    .set('Content-Type', 'application/json')
    .set('X-Hub-Signature-256', signPayload(raw, secret))
    .send(raw);
}

/** Waits until every stored event is processed and every started media download finished. */
export async function settle(app: TestApp): Promise<void> {
  const plugin = app.strapi.plugin(PLUGIN_ID);
  await plugin.service('webhook-ingest').drain();
  await plugin.service('webhook-processor').kick();
  await plugin.service('webhook-processor').idle();
  await plugin.service('media-downloads').idle();
}

/** Posts (signed) and waits for processing; fails the test if the POST was not a 200. */
export async function deliver(app: TestApp, payload: unknown, secret?: string): Promise<void> {
  const res = await postSigned(app, payload, secret);
  if (res.status !== 200) throw new Error(`webhook POST answered ${res.status}: ${JSON.stringify(res.body)}`);
  await settle(app);
}

export const query = (app: TestApp, name: string) => app.strapi.db.query(`plugin::${PLUGIN_ID}.${name}` as any);

export async function messageByWamid(app: TestApp, id: string) {
  return query(app, 'message').findOne({
    where: { wamid: id },
    populate: { tenant: true, customer: true, phoneNumber: true, media: true },
  });
}
