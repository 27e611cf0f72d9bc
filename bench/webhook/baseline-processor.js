/**
 * The processing baseline: what the plugin's processor writes for the bench's events, done by
 * hand in plain SQL (pg), set-based, a batch of BATCH events at a time: claim with
 * FOR UPDATE SKIP LOCKED, then in one transaction upsert the batch's customers (one statement),
 * insert its inbound messages ignoring known wamids (one statement) and their customer and number
 * links (two), move the outbound messages its statuses name forward (one UPDATE … FROM VALUES,
 * never backwards) and mark the events processed (one). No routing, no notes, no events, no
 * automations: the floor the plugin's processor is measured against.
 *
 * Started by processing.js on core 0; prints READY 0, starts on `start` on stdin.
 */
const crypto = require('crypto');
const { Client } = require('pg');
const { PHONE_NUMBER_ID } = require('./payloads');

const BATCH = 200;
const RANK_SQL = (expr) => `CASE ${expr} WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'played' THEN 4 ELSE 0 END`;
const RANK = { sent: 1, delivered: 2, read: 3, played: 4 };
const IMPLIED = { sent: [], delivered: ['sent'], read: ['sent', 'delivered'], played: ['sent', 'delivered', 'read'] };

const db = new Client({ connectionString: process.env.DATABASE_URL });
const documentId = () => `b${crypto.randomBytes(12).toString('hex').slice(0, 23)}`;

/** `($1, $2, …), (…)` for rows of `width` values, appending the values to `params`. */
function valuesOf(rows, params, casts = []) {
  return rows
    .map((row) => `(${row.map((value, i) => `$${params.push(value)}${casts[i] ? `::${casts[i]}` : ''}`).join(', ')})`)
    .join(', ');
}

async function processBatch(numberId) {
  const claimed = (
    await db.query(
      `UPDATE whatsapp_webhook_events SET processing_status = 'processing', attempts = attempts + 1, updated_at = now()
        WHERE id IN (SELECT id FROM whatsapp_webhook_events WHERE processing_status = 'pending' ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING id, raw_body`
    )
  ).rows;
  if (!claimed.length) return 0;
  const now = new Date();
  const senders = new Map();
  const messages = [];
  const statuses = new Map();
  for (const event of claimed) {
    const value = JSON.parse(event.raw_body).entry[0].changes[0].value;
    for (const message of value.messages ?? []) {
      const at = new Date(Number(message.timestamp) * 1000);
      const key = `-|+${message.from}`;
      const name = value.contacts?.[0]?.profile?.name ?? null;
      const sender = senders.get(key);
      if (!sender || sender.at < at) senders.set(key, { key, waId: message.from, name, at });
      const body = message.type === 'text' ? message.text.body : message.interactive?.button_reply?.title ?? null;
      messages.push({ message, key, at, body });
    }
    for (const status of value.statuses ?? []) {
      const at = new Date(Number(status.timestamp) * 1000);
      const s = statuses.get(status.id) ?? { wamid: status.id, status: 'sent', rank: 0, times: {}, pricing: status.pricing };
      if (RANK[status.status] > s.rank) Object.assign(s, { status: status.status, rank: RANK[status.status] });
      for (const state of [status.status, ...IMPLIED[status.status]]) if (!s.times[state] || at < s.times[state]) s.times[state] = at;
      statuses.set(status.id, s);
    }
  }

  await db.query('BEGIN');
  const customerIds = new Map();
  if (senders.size) {
    const params = [];
    const rows = [...senders.values()].map((s) => [documentId(), s.name, `+${s.waId}`, s.waId, s.name, s.key, s.at, now, now, now]);
    const result = await db.query(
      `INSERT INTO whatsapp_customers (document_id, name, phone, wa_id, profile_name, identity_key, last_inbound_at, created_at, updated_at, published_at)
       VALUES ${valuesOf(rows, params)}
       ON CONFLICT (identity_key) DO UPDATE SET
         last_inbound_at = GREATEST(whatsapp_customers.last_inbound_at, EXCLUDED.last_inbound_at),
         profile_name = EXCLUDED.profile_name, updated_at = EXCLUDED.updated_at
       RETURNING id, identity_key`,
      params
    );
    for (const row of result.rows) customerIds.set(row.identity_key, row.id);
  }
  if (messages.length) {
    const params = [];
    const rows = messages.map(({ message, key, at, body }) => [
      documentId(), message.id, message.type, body, JSON.stringify(message), `${PHONE_NUMBER_ID}:${message.from}`, PHONE_NUMBER_ID,
      `+${message.from}`, message.from, at, now, now, now, now, key,
    ]);
    const inserted = await db.query(
      `INSERT INTO whatsapp_messages (document_id, wamid, direction, type, delivery_status, body, payload, conversation_key, business_phone_number_id,
         customer_phone, customer_wa_id, occurred_at, received_at, media_status, media_attempts, forwarded, frequently_forwarded, created_at, updated_at, published_at)
       SELECT v.document_id, v.wamid, 'inbound', v.type, 'received', v.body, v.payload::jsonb, v.conversation_key, v.pnid, v.phone, v.wa_id,
              v.occurred_at::timestamptz, v.received_at::timestamptz, 'none', 0, false, false, v.created_at::timestamptz, v.updated_at::timestamptz, v.published_at::timestamptz
         FROM (VALUES ${valuesOf(rows, params)}) AS v(document_id, wamid, type, body, payload, conversation_key, pnid, phone, wa_id, occurred_at, received_at, created_at, updated_at, published_at, identity_key)
       ON CONFLICT (wamid) DO NOTHING
       RETURNING id, wamid`,
      params
    );
    const keyOf = new Map(messages.map((m) => [m.message.id, m.key]));
    const links = inserted.rows.map((row) => [row.id, customerIds.get(keyOf.get(row.wamid))]);
    if (links.length) {
      const p1 = [];
      await db.query(
        `INSERT INTO whatsapp_messages_customer_lnk (message_id, customer_id, message_ord)
         SELECT v.message_id::int, v.customer_id::int, row_number() OVER (PARTITION BY v.customer_id ORDER BY v.message_id::int)
              + COALESCE((SELECT max(l.message_ord) FROM whatsapp_messages_customer_lnk l WHERE l.customer_id = v.customer_id::int), 0)
           FROM (VALUES ${valuesOf(links, p1)}) AS v(message_id, customer_id)`,
        p1
      );
      const p2 = [];
      await db.query(
        `INSERT INTO whatsapp_messages_phone_number_lnk (message_id, phone_number_id) SELECT v.message_id::int, ${Number(numberId)}
           FROM (VALUES ${valuesOf(links.map(([id]) => [id]), p2)}) AS v(message_id)`,
        p2
      );
    }
  }
  if (statuses.size) {
    const params = [];
    const rows = [...statuses.values()].map((s) => [
      s.wamid, s.status, s.times.sent ?? null, s.times.delivered ?? null, s.times.read ?? null,
      s.pricing?.category ?? null, s.pricing?.type ?? null, s.pricing?.pricing_model ?? null,
    ]);
    await db.query(
      `UPDATE whatsapp_messages m SET
         delivery_status = CASE WHEN ${RANK_SQL('v.status')} > ${RANK_SQL('m.delivery_status')} THEN v.status ELSE m.delivery_status END,
         sent_at = LEAST(m.sent_at, v.sent_at::timestamptz), delivered_at = LEAST(m.delivered_at, v.delivered_at::timestamptz),
         read_at = LEAST(m.read_at, v.read_at::timestamptz),
         pricing_category = COALESCE(v.category, m.pricing_category), pricing_type = COALESCE(v.type, m.pricing_type),
         pricing_model = COALESCE(v.model, m.pricing_model), updated_at = now()
       FROM (VALUES ${valuesOf(rows, params)}) AS v(wamid, status, sent_at, delivered_at, read_at, category, type, model)
       WHERE m.wamid = v.wamid AND m.direction = 'outbound'`,
      params
    );
  }
  await db.query(
    `UPDATE whatsapp_webhook_events SET processing_status = 'processed', processed_at = now(), next_attempt_at = NULL, updated_at = now()
      WHERE id = ANY($1::int[])`,
    [claimed.map((e) => e.id)]
  );
  await db.query('COMMIT');
  return claimed.length;
}

(async () => {
  await db.connect();
  const number = (await db.query('SELECT id FROM whatsapp_phone_numbers WHERE phone_number_id = $1', [PHONE_NUMBER_ID])).rows[0];
  process.stdout.write('READY 0\n');
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', async (line) => {
    if (String(line).trim() !== 'start') return;
    try {
      while ((await processBatch(number.id)) > 0);
    } catch (error) {
      console.error(error);
      process.exit(1);
    }
  });
  process.on('SIGTERM', async () => {
    await db.end().catch(() => undefined);
    process.exit(0);
  });
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
