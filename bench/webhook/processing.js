/**
 * Processing benchmark (`node bench/webhook/run.js --processing [--events 20000]`): how fast the
 * event processor alone works off a pre-filled webhook log on PostgreSQL, against a baseline that
 * applies the same log with hand-written set-based SQL (baseline-processor.js) in the same run.
 *
 * Two fresh databases get the same schema (Strapi boots on each, seeds the 2,000 outbound
 * messages the statuses refer to, processor stopped) and the same `--events` events, inserted
 * straight into `whatsapp_webhook_events` as the webhook would store them (60 % text, 10 %
 * interactive, 30 % statuses: payloads.js). Then each processor gets `start` on stdin, alone on
 * core 0; its rate is events / (last `processed_at` − start). Afterwards both databases are
 * verified: every event processed once (`attempts = 1`), one inbound message per message with its
 * customer, each outbound message at the highest status it was sent.
 */
const crypto = require('crypto');
const path = require('path');
const { Client } = require('pg');
const { payload, OUTBOUND_COUNT, WABA_ID, PHONE_NUMBER_ID } = require('./payloads');
const { hasTaskset, pinSelf, startServer, stopServer } = require('./processes');

const RANK = { sending: 0, sent: 1, delivered: 2, read: 3 };
const ROWS_PER_INSERT = 1000;

/** The events of the run, made once so both databases get the same bodies. */
function makeEvents(count) {
  const events = [];
  for (let n = 1; n <= count; n += 1) events.push(payload(1, n));
  return events;
}

/** Inserts the events as pending rows, shaped like the plugin's ingest writes them. */
async function prefill(db, events) {
  const now = new Date();
  for (let i = 0; i < events.length; i += ROWS_PER_INSERT) {
    const chunk = events.slice(i, i + ROWS_PER_INSERT);
    const values = [];
    const params = [];
    for (const event of chunk) {
      const base = params.length;
      params.push(
        crypto.randomBytes(12).toString('hex'),
        event.raw,
        crypto.createHash('sha256').update(event.raw).digest('hex'),
        now
      );
      values.push(`($${base + 1}, $${base + 2}, $${base + 3}, true, 'messages', '${WABA_ID}', '${PHONE_NUMBER_ID}', 'pending', $${base + 4}, 0, $${base + 4}, $${base + 4}, $${base + 4})`);
    }
    await db.query(
      `INSERT INTO whatsapp_webhook_events (document_id, raw_body, body_sha_256, signature_valid, fields, waba_id, phone_number_ids,
         processing_status, received_at, attempts, created_at, updated_at, published_at) VALUES ${values.join(', ')}`,
      params
    );
  }
}

/** What the log must leave behind: messages sent, and each outbound wamid's highest status. */
function expectations(events) {
  const messages = events.filter((e) => e.kind !== 'status').length;
  const senders = new Set(events.filter((e) => e.kind !== 'status').map((e) => JSON.parse(e.raw).entry[0].changes[0].value.messages[0].from)).size;
  const highest = new Map();
  for (const event of events) {
    if (event.kind !== 'status') continue;
    const status = JSON.parse(event.raw).entry[0].changes[0].value.statuses[0];
    const current = highest.get(status.id);
    if (!current || RANK[status.status] > RANK[current]) highest.set(status.id, status.status);
  }
  return { messages, senders, highest };
}

async function verify(db, count, expected) {
  const n = async (sql, params) => Number((await db.query(sql, params)).rows[0].n);
  const processed = await n("SELECT count(*) AS n FROM whatsapp_webhook_events WHERE processing_status = 'processed'");
  const reprocessed = await n('SELECT count(*) AS n FROM whatsapp_webhook_events WHERE attempts <> 1');
  const inbound = await n("SELECT count(*) AS n FROM whatsapp_messages WHERE direction = 'inbound'");
  const distinct = await n("SELECT count(DISTINCT wamid) AS n FROM whatsapp_messages WHERE direction = 'inbound'");
  const withoutCustomer = await n(
    `SELECT count(*) AS n FROM whatsapp_messages m WHERE m.direction = 'inbound'
       AND NOT EXISTS (SELECT 1 FROM whatsapp_messages_customer_lnk l WHERE l.message_id = m.id)`
  );
  const customers = await n('SELECT count(*) AS n FROM whatsapp_customers');
  const rows = (await db.query("SELECT wamid, delivery_status FROM whatsapp_messages WHERE direction = 'outbound'")).rows;
  let wrongStatus = 0;
  for (const row of rows) if ((expected.highest.get(row.wamid) ?? 'sending') !== row.delivery_status) wrongStatus += 1;
  return [
    [`every event processed (${count})`, processed === count, `processed ${processed}`],
    ['no event processed twice', reprocessed === 0, `${reprocessed} with attempts ≠ 1`],
    [`one inbound message per message (${expected.messages})`, inbound === expected.messages && distinct === inbound, `messages ${inbound}, distinct ${distinct}`],
    [`every inbound message linked to its customer, one customer per sender (${expected.senders})`, withoutCustomer === 0 && customers === expected.senders, `${withoutCustomer} unlinked, ${customers} customers`],
    [`each outbound message at its highest status (${expected.highest.size} of ${OUTBOUND_COUNT} got one)`, wrongStatus === 0, `${wrongStatus} wrong`],
  ];
}

/** The Strapi server's statement counts since `start` (strapi-server.js answers `stats`). */
function statementsOf(child) {
  return new Promise((resolve) => {
    let out = '';
    const onData = (chunk) => {
      out += chunk;
      const match = /STATS (\{.*\})\n/.exec(out);
      if (!match) return;
      child.stdout.off('data', onData);
      resolve(JSON.parse(match[1]));
    };
    child.stdout.on('data', onData);
    child.stdin.write('stats\n');
  });
}

/** Starts the processor behind `child` and resolves with events/s once the log is worked off. */
async function timeProcessing(child, db, count, label) {
  const started = Date.now();
  child.stdin.write('start\n');
  let lastReport = Date.now();
  for (;;) {
    const { rows } = await db.query(
      "SELECT count(*) FILTER (WHERE processing_status IN ('pending', 'processing', 'failed')) AS left, max(processed_at) AS last FROM whatsapp_webhook_events"
    );
    const left = Number(rows[0].left);
    if (left === 0) {
      const seconds = (new Date(rows[0].last).getTime() - started) / 1000;
      return { label, seconds, perSecond: Math.round(count / seconds) };
    }
    if (Date.now() - started > 30 * 60_000) throw new Error(`${label}: ${left} events still unprocessed after 30 min`);
    if (Date.now() - lastReport > 10_000) {
      console.log(`  ${label}: ${left} events still to process`);
      lastReport = Date.now();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function main({ events: count, adminUrl }) {
  pinSelf();
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  const stamp = Date.now();
  const names = { baseline: `whatsapp_bench_proc_base_${stamp}`, strapi: `whatsapp_bench_proc_strapi_${stamp}` };
  const urlOf = (name) => {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const clients = [];
  try {
    console.log(`processing bench: ${count} events pre-filled, PostgreSQL, ${hasTaskset ? 'processor on core 0, bench on core 1' : 'no taskset: unpinned'}`);
    const events = makeEvents(count);
    const expected = expectations(events);
    const results = {};
    const checks = {};
    // The baseline first: Strapi boots on its database only to create the schema and seed.
    for (const side of ['baseline', 'strapi']) {
      await admin.query(`CREATE DATABASE "${names[side]}"`);
      const env = { DATABASE_URL: urlOf(names[side]), BENCH_NO_PROCESSING: '1' };
      // BENCH_CPU_PROF=<dir>: a CPU profile of the Strapi process (node --cpu-prof), written when it stops.
      const nodeArgs = side === 'strapi' && process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
      const setup = await startServer(path.join(__dirname, 'strapi-server.js'), env, nodeArgs);
      const db = new Client({ connectionString: urlOf(names[side]) });
      clients.push(db);
      await db.connect();
      await prefill(db, events);
      await db.query('VACUUM ANALYZE');
      await admin.query('CHECKPOINT');
      let worker = setup;
      if (side === 'baseline') {
        await stopServer(setup.child);
        worker = await startServer(path.join(__dirname, 'baseline-processor.js'), env);
      }
      try {
        results[side] = await timeProcessing(worker.child, db, count, side);
        if (side === 'strapi') results.statements = await statementsOf(worker.child);
      } finally {
        await stopServer(worker.child);
      }
      checks[side] = await verify(db, count, expected);
    }

    console.log('\n| processor | events | seconds | events/s |');
    console.log('|---|---|---|---|');
    for (const side of ['baseline', 'strapi']) {
      const r = results[side];
      console.log(`| ${side === 'baseline' ? 'baseline (plain SQL, set-based)' : 'Strapi plugin'} | ${count} | ${r.seconds.toFixed(2)} | ${r.perSecond} |`);
    }
    const statements = Object.entries(results.statements).sort((a, b) => b[1][1] - a[1][1]);
    const total = statements.reduce((sum, [, [n]]) => sum + n, 0);
    console.log(`\nStrapi's statements: ${total} (${(total / count).toFixed(2)} per event); by time spent (wall, overlapping):`);
    for (const [kind, [n, ms]] of statements.slice(0, 14)) console.log(`  ${String(n).padStart(7)} × ${String(Math.round(ms)).padStart(6)} ms  ${kind}`);
    const ratio = results.strapi.perSecond / results.baseline.perSecond;
    console.log(`\nStrapi processing: ${results.strapi.perSecond} events/s (target ≥ 1,500); ratio Strapi / baseline ${ratio.toFixed(2)} (target ≥ 0.5)`);
    let failed = 0;
    for (const side of ['baseline', 'strapi']) {
      console.log(`\n${side}:`);
      for (const [label, ok, detail] of checks[side]) {
        console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}${ok ? '' : `: ${detail}`}`);
        if (!ok) failed += 1;
      }
    }
    console.log(`\ntargets ${results.strapi.perSecond >= 1500 && ratio >= 0.5 ? 'met' : 'NOT met'}`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    for (const db of clients) await db.end().catch(() => undefined);
    // BENCH_KEEP_DATABASES=1 leaves both databases behind, to EXPLAIN what the processors ran.
    if (process.env.BENCH_KEEP_DATABASES === '1') console.log(`\ndatabases kept: ${Object.values(names).join(', ')}`);
    else for (const name of Object.values(names)) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

module.exports = { main };
