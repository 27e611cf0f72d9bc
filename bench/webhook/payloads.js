/**
 * Signed, mixed WhatsApp webhook bodies for the benchmark, shaped like Meta's
 * (docs/whatsapp-cloud-api.md#webhook-payloads) and serialised like Meta's (non-ASCII as
 * \uXXXX): 60 % text messages, 10 % interactive replies, 30 % delivery statuses of outbound
 * messages that exist in the database. Every body is unique, so each request is one event the
 * server must store.
 */
const crypto = require('crypto');

const APP_SECRET = 'bench-app-secret-0123456789';
const WABA_ID = '210000000000001';
const PHONE_NUMBER_ID = '110000000000001';
const DISPLAY = '34600000001';
const OUTBOUND_COUNT = 2000;
const outboundWamid = (i) => `wamid.BENCHOUT${String(i).padStart(6, '0')}`;

const escapeNonAscii = (json) => json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const sign = (raw) => `sha256=${crypto.createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`;

function envelope(value) {
  return { object: 'whatsapp_business_account', entry: [{ id: WABA_ID, changes: [{ field: 'messages', value }] }] };
}

const metadata = { display_phone_number: DISPLAY, phone_number_id: PHONE_NUMBER_ID };
const STATUSES = ['sent', 'delivered', 'read'];

/** The n-th body of a run (`run` keeps runs apart): { kind, raw, signature, wamid? }. */
function payload(run, n) {
  const now = Math.floor(Date.now() / 1000);
  const from = `3460${String(1000000 + (n % 500)).slice(1)}`;
  const slot = n % 10;
  let value;
  let kind;
  let id;
  if (slot < 6 || slot === 9) {
    kind = 'text';
    id = `wamid.BENCH${run}x${n}`;
    value = {
      messaging_product: 'whatsapp',
      metadata,
      contacts: [{ profile: { name: `Cliente ${n % 500} Núñez` }, wa_id: from }],
      messages: [{ from, id, timestamp: String(now), type: 'text', text: { body: `¿Tenéis pan de centeno hoy? pedido ${run}-${n} 🍞` } }],
    };
  } else if (slot === 6) {
    kind = 'interactive';
    id = `wamid.BENCH${run}x${n}`;
    value = {
      messaging_product: 'whatsapp',
      metadata,
      contacts: [{ profile: { name: `Cliente ${n % 500}` }, wa_id: from }],
      messages: [{ from, id, timestamp: String(now), type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: `slot-${n % 7}`, title: 'Confirmar' } } }],
    };
  } else {
    kind = 'status';
    const i = (n * 7919) % OUTBOUND_COUNT;
    value = {
      messaging_product: 'whatsapp',
      metadata,
      statuses: [
        {
          id: outboundWamid(i),
          status: STATUSES[(n + slot) % 3],
          timestamp: String(now - (n % 60)),
          recipient_id: from,
          pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' },
          // Unique per request: Meta's bodies differ too (timestamps, batching).
          biz_opaque_callback_data: `${run}-${n}`,
        },
      ],
    };
  }
  const raw = escapeNonAscii(JSON.stringify(envelope(value)));
  return { kind, raw, signature: sign(raw), wamid: id };
}

/**
 * The outbound messages the status payloads refer to, as rows for Strapi's query engine
 * (`createMany`), to store before the run; `phoneNumber` is the id of PHONE_NUMBER_ID's record.
 */
const outboundRows = (phoneNumber) =>
  Array.from({ length: OUTBOUND_COUNT }, (_, i) => ({
    wamid: outboundWamid(i),
    direction: 'outbound',
    type: 'template',
    deliveryStatus: 'sending',
    businessPhoneNumberId: PHONE_NUMBER_ID,
    phoneNumber,
  }));

module.exports = { APP_SECRET, WABA_ID, PHONE_NUMBER_ID, DISPLAY, OUTBOUND_COUNT, outboundWamid, outboundRows, payload, sign };
