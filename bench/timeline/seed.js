/**
 * Bulk seed for bench/timeline, in set-based SQL (INSERT … SELECT generate_series), straight into
 * the tables Strapi created at boot: tenants, their numbers, customers, messages and the link
 * tables of the relations (`*_lnk`), read markers and team states. Deterministic (setseed) so
 * runs compare.
 *
 * Shape: TENANTS tenants with one number each; CUSTOMERS customers spread evenly over them;
 * MESSAGES messages over the last 365 days, ids growing with time as on a live system, spread over
 * customers with a long tail (customer rank r gets ~ r^-0.5 of the traffic: a few thousand
 * messages for the busiest, a handful for most). 55 % inbound (text, images, audio, reactions…),
 * 45 % outbound (templates, text, media) with delivery statuses and stage timestamps. Every
 * conversation has a read marker: 80 % read to the end, the rest behind by a few messages, so
 * "unread" matches about a fifth of the conversations. A third of the conversations have a team
 * state row (closed, pending or open-and-assigned). The inbox's conversation summaries are then
 * filled by `fillSummaries` (the plugin's backfill, one INSERT … SELECT over the log).
 */

const DAY_MS = 86_400_000;

async function columnsOf(db, table) {
  const { rows } = await db.query('SELECT column_name FROM information_schema.columns WHERE table_name = $1', [table]);
  if (rows.length === 0) throw new Error(`table ${table} does not exist (did Strapi boot on this database?)`);
  return new Set(rows.map((r) => r.column_name));
}

/** Checks that the link tables have the columns this seed writes (Strapi v5 naming). */
async function checkSchema(db) {
  const expect = {
    whatsapp_messages_tenant_lnk: ['message_id', 'tenant_id'],
    whatsapp_messages_customer_lnk: ['message_id', 'customer_id', 'message_ord'],
    whatsapp_messages_phone_number_lnk: ['message_id', 'phone_number_id'],
    whatsapp_customers_tenant_lnk: ['customer_id', 'tenant_id', 'customer_ord'],
    whatsapp_tenants_phone_number_lnk: ['tenant_id', 'phone_number_id'],
  };
  for (const [table, columns] of Object.entries(expect)) {
    const have = await columnsOf(db, table);
    const missing = columns.filter((c) => !have.has(c));
    if (missing.length) throw new Error(`${table} lacks ${missing.join(', ')} (has ${[...have].join(', ')})`);
  }
}

async function seed(db, { tenants = 20, customers = 100_000, messages = 1_000_000, now = Date.now(), log = console.log, fillSummaries } = {}) {
  await checkSchema(db);
  const start = new Date(now - 365 * DAY_MS).toISOString();
  const nowIso = new Date(now).toISOString();
  const step = async (label, sql, params = []) => {
    const t = process.hrtime.bigint();
    const result = await db.query(sql, params);
    log(`  ${label}: ${result.rowCount ?? ''} rows, ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s`);
  };
  const docId = (expr) => `'b' || substr(md5(${expr}), 1, 23)`;

  // Whatever the boot created in these tables (a sandbox number, say) goes: the seed owns them.
  await db.query(
    `TRUNCATE whatsapp_tenants, whatsapp_phone_numbers, whatsapp_customers, whatsapp_messages, whatsapp_conversation_reads, whatsapp_conversation_states, whatsapp_conversation_summaries,
       whatsapp_messages_tenant_lnk, whatsapp_messages_customer_lnk, whatsapp_messages_phone_number_lnk, whatsapp_customers_tenant_lnk, whatsapp_tenants_phone_number_lnk
     RESTART IDENTITY CASCADE`
  );
  await db.query('SELECT setseed(0.42)');
  await step(
    'tenants',
    `INSERT INTO whatsapp_tenants (id, document_id, name, slug, whatsapp_enabled, default_language, assigned_phone_number_id, auto_assign, created_at, updated_at, published_at)
     SELECT t, ${docId("'tenant' || t")}, 'Tenant ' || t, 'tenant-' || t, true, 'es', (100000000000000 + t)::text, false, $1, $1, $1
     FROM generate_series(1, $2::int) t`,
    [start, tenants]
  );
  await step(
    'phone numbers',
    `INSERT INTO whatsapp_phone_numbers (id, document_id, phone_number_id, display_phone_number, verified_name, quality_rating, is_default, created_at, updated_at, published_at)
     SELECT t, ${docId("'number' || t")}, (100000000000000 + t)::text, '+34 900 000 ' || lpad(t::text, 3, '0'), 'Tenant ' || t, 'GREEN', t = 1, $1, $1, $1
     FROM generate_series(1, $2::int) t`,
    [start, tenants]
  );
  await step('tenant ↔ number links', 'INSERT INTO whatsapp_tenants_phone_number_lnk (tenant_id, phone_number_id) SELECT t, t FROM generate_series(1, $1::int) t', [tenants]);
  // Customer c belongs to tenant (c % tenants) + 1; its WhatsApp id is 34600000000 + c.
  await step(
    'customers',
    `INSERT INTO whatsapp_customers (id, document_id, name, phone, wa_id, identity_key, language, profile_name, opted_in, opted_out, marketing_opt_out, created_at, updated_at, published_at)
     SELECT c, ${docId("'customer' || c")}, 'Cliente ' || c, '+' || (34600000000 + c), (34600000000 + c)::text,
            ((c % $2) + 1) || '|' || (34600000000 + c), 'es', 'Cliente ' || c, c % 3 = 0, c % 97 = 0, false, $1, $1, $1
     FROM generate_series(1, $3::int) c`,
    [start, tenants, customers]
  );
  await step('customer → tenant links', 'INSERT INTO whatsapp_customers_tenant_lnk (customer_id, tenant_id, customer_ord) SELECT c, (c % $1) + 1, c FROM generate_series(1, $2::int) c', [tenants, customers]);

  // Messages in a temporary table first (customer and attributes drawn once), then the real rows.
  await step(
    'messages (drawn)',
    `CREATE TEMP TABLE bench_draw AS
     SELECT j AS id,
            -- long tail: rank = customers * u^2, so P(rank ≤ r) = sqrt(r / customers)
            least($1::int, 1 + floor($1::int * power(random(), 2))::int) AS customer,
            random() AS u_dir, random() AS u_type, random() AS u_status,
            ($2::timestamptz + (j::float8 / $3::int) * interval '365 days' - random() * interval '20 minutes') AS at
     FROM generate_series(1, $3::int) j`,
    [customers, start, messages]
  );
  await step(
    'messages',
    `INSERT INTO whatsapp_messages (id, document_id, wamid, direction, type, delivery_status, body, conversation_key, business_phone_number_id,
        customer_phone, customer_wa_id, profile_name, occurred_at, sent_at, delivered_at, read_at, failed_at, received_at,
        template_name, template_language, media_status, media_attempts, forwarded, frequently_forwarded, priority, attempts, created_at, updated_at, published_at)
     SELECT d.id, ${docId("'message' || d.id")}, 'wamid.bench' || d.id, x.direction, x.type, x.status,
            case when x.type in ('text', 'template') then 'Mensaje ' || d.id || ' del pedido PO-' || (d.id % 9973) else null end,
            (100000000000000 + (d.customer % $1) + 1) || ':' || (34600000000 + d.customer),
            (100000000000000 + (d.customer % $1) + 1)::text,
            '+' || (34600000000 + d.customer), (34600000000 + d.customer)::text,
            case when x.direction = 'inbound' then 'Cliente ' || d.customer else null end,
            d.at,
            case when x.direction = 'outbound' and x.status in ('sent', 'delivered', 'read') then d.at + interval '1 second' end,
            case when x.direction = 'outbound' and x.status in ('delivered', 'read') then d.at + interval '3 seconds' end,
            case when x.direction = 'outbound' and x.status = 'read' then d.at + interval '5 minutes' end,
            case when x.status = 'failed' then d.at + interval '1 second' end,
            case when x.direction = 'inbound' then d.at end,
            case when x.type = 'template' then 'po_notification' end,
            case when x.type = 'template' then 'es' end,
            case when x.type in ('image', 'audio') then 'downloaded' else 'none' end,
            0, false, false, 0, case when x.direction = 'outbound' then 1 else 0 end, d.at, d.at, d.at
     FROM bench_draw d
     CROSS JOIN LATERAL (
       SELECT dir AS direction,
              case when dir = 'inbound' then
                     case when d.u_type < 0.80 then 'text' when d.u_type < 0.88 then 'image' when d.u_type < 0.92 then 'audio'
                          when d.u_type < 0.95 then 'reaction' when d.u_type < 0.98 then 'interactive' else 'location' end
                   else case when d.u_type < 0.40 then 'template' when d.u_type < 0.95 then 'text' else 'image' end end AS type,
              case when dir = 'inbound' then 'received'
                   else case when d.u_status < 0.50 then 'read' when d.u_status < 0.80 then 'delivered' when d.u_status < 0.90 then 'sent'
                             when d.u_status < 0.95 then 'failed' else 'accepted' end end AS status
       FROM (SELECT case when d.u_dir < 0.55 then 'inbound' else 'outbound' end AS dir) s
     ) x`,
    [tenants]
  );
  await step('message → tenant links', `INSERT INTO whatsapp_messages_tenant_lnk (message_id, tenant_id) SELECT id, (customer % $1) + 1 FROM bench_draw`, [tenants]);
  await step('message → number links', `INSERT INTO whatsapp_messages_phone_number_lnk (message_id, phone_number_id) SELECT id, (customer % $1) + 1 FROM bench_draw`, [tenants]);
  await step(
    'message → customer links',
    `INSERT INTO whatsapp_messages_customer_lnk (message_id, customer_id, message_ord)
     SELECT id, customer, row_number() OVER (PARTITION BY customer ORDER BY id) FROM bench_draw`
  );
  await step('customers: last inbound', `UPDATE whatsapp_customers c SET last_inbound_at = l.at FROM (SELECT customer, max(at) AS at FROM bench_draw WHERE u_dir < 0.55 GROUP BY customer) l WHERE l.customer = c.id`);

  // Read markers: 80 % of conversations read to their newest message, the rest 1 to 5 messages behind.
  await step(
    'read markers',
    `INSERT INTO whatsapp_conversation_reads (document_id, conversation_key, last_read_message_id, last_read_at, read_by_name, created_at, updated_at, published_at)
     SELECT ${docId("'read' || k.conversation_key")}, k.conversation_key,
            case when abs(hashtext(k.conversation_key)) % 10 < 8 then k.ids[1] else k.ids[least(array_length(k.ids, 1), 2 + abs(hashtext(k.conversation_key)) % 5)] end,
            $1, 'Agent', $1, $1, $1
     FROM (SELECT conversation_key, (array_agg(id ORDER BY id DESC))[1:6] AS ids FROM whatsapp_messages GROUP BY conversation_key) k`,
    [nowIso]
  );
  await step(
    'conversation states',
    `INSERT INTO whatsapp_conversation_states (document_id, conversation_key, conversation_state, state_changed_at, state_changed_by_name, created_at, updated_at, published_at)
     SELECT ${docId("'state' || conversation_key")}, conversation_key,
            (ARRAY['closed', 'closed', 'pending', 'open'])[1 + abs(hashtext(conversation_key || 's')) % 4], $1, 'Agent', $1, $1, $1
     FROM whatsapp_conversation_reads WHERE abs(hashtext(conversation_key || 'x')) % 3 = 0`,
    [nowIso]
  );
  await db.query('DROP TABLE bench_draw');

  for (const table of ['whatsapp_tenants', 'whatsapp_phone_numbers', 'whatsapp_customers', 'whatsapp_messages', 'whatsapp_conversation_reads', 'whatsapp_conversation_states', 'whatsapp_conversation_summaries']) {
    await db.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT coalesce(max(id), 1) FROM ${table}))`);
  }
  const t = process.hrtime.bigint();
  await db.query('VACUUM ANALYZE');
  log(`  VACUUM ANALYZE: ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s`);
  // The inbox's stored conversations, from the rows above, in one set-based statement: the
  // plugin's own backfill (inbox/summaries.ts `refreshAll`, what the first boot on an existing log runs).
  if (fillSummaries) {
    const started = process.hrtime.bigint();
    await fillSummaries();
    await db.query('VACUUM ANALYZE whatsapp_conversation_summaries');
    log(`  conversation summaries (the plugin's backfill): ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
  }
}

module.exports = { seed };
