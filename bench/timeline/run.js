#!/usr/bin/env node
/**
 * Read-path benchmark on a large comms log: PostgreSQL seeded in bulk (seed.js) with 1,000,000
 * messages over 100,000 customers and 20 tenants, then three admin routes timed over HTTP as the
 * inbox uses them, each against the same answer computed by hand-written SQL (pg client) in the
 * same run:
 *   timeline  GET /whatsapp/customers/:documentId/timeline?limit=50   (random customers)
 *   inbox     GET /whatsapp/conversations?tenant=…&unread=true&state=open&pageSize=25&page=1   (random tenants)
 *   stats     GET /whatsapp/stats?from=…&to=…&groupBy=tenant   (a month, random months)
 * Targets: timeline p95 ≤ 20 ms, inbox p95 ≤ 50 ms, stats ≤ 200 ms (p95). Prints p50/p95/p99 and
 * the ratio Strapi / SQL; no pass/fail exit code for timings.
 *
 * Usage: npm run build:plugin && npm run bench timeline
 *        node bench/timeline/run.js [--timeline 200] [--inbox 100] [--stats 20] [--messages 1000000]
 *          [--customers 100000] [--tenants 20] [--sql] [--explain] [--keep]
 * --sql      time per SQL statement of the Strapi path (where the time goes)
 * --explain  EXPLAIN (ANALYZE, BUFFERS) of the baseline statements for one sample each
 * --keep     keep the database (whatsapp_bench_timeline) afterwards, for EXPLAIN by hand
 * --agent    call the routes as an agent whose role has only `messages-read` (default: a super admin)
 * --only timeline,stats   measure only these
 * Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres).
 */
const path = require('path');
const fs = require('fs');
const http = require('http');
const { Client } = require('pg');
const { seed } = require('./seed');
const { BENCH_STRAPI_ENV, numberOption, percentile, profileSql } = require('../lib');

const args = process.argv.slice(2);
const option = (optionName, fallback) => numberOption(optionName, fallback, args);
const flag = (name) => args.includes(`--${name}`);
const N = { timeline: option('timeline', 200), inbox: option('inbox', 100), stats: option('stats', 20) };
const SIZE = { tenants: option('tenants', 20), customers: option('customers', 100_000), messages: option('messages', 1_000_000) };
const TABLE_HEAD = '| query | samples | HTTP p50 | p95 | p99 | service p50 | p95 | SQL p50 | p95 | p99 | ratio HTTP/SQL p95 | target (HTTP p95) |\n|---|---|---|---|---|---|---|---|---|---|---|---|';
const TARGET_P95 = { timeline: 20, inbox: 50, stats: 200 };
const ADMIN_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'whatsapp_bench_timeline';
const ROOT = path.resolve(__dirname, '..', '..');

// A small deterministic generator, so two runs time the same samples.
let rngState = 12345;
const random = () => {
  rngState = (rngState * 1103515245 + 12345) % 2147483648;
  return rngState / 2147483648;
};
const pick = (list) => list[Math.floor(random() * list.length)];

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(port, pathname, token) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathname, agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`GET ${pathname}: ${res.statusCode} ${body.slice(0, 300)}`))));
    });
    req.on('error', reject);
  });
}

const time = async (fn) => {
  const t = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, result };
};

// ---- The baselines: the same answers in hand-written SQL --------------------------------------

const SQL = {
  /** A customer's newest 50 (+1) messages over its conversations (keys from its linked messages). */
  timeline: `
    WITH c AS (SELECT id FROM whatsapp_customers WHERE document_id = $1),
    k AS (SELECT DISTINCT m.conversation_key FROM whatsapp_messages_customer_lnk l JOIN whatsapp_messages m ON m.id = l.message_id
          WHERE l.customer_id = (SELECT id FROM c) AND m.conversation_key IS NOT NULL)
    SELECT m.id, m.document_id, m.direction, m.type, m.delivery_status, m.body, m.occurred_at, m.conversation_key
    FROM whatsapp_messages m
    WHERE m.conversation_key IN (SELECT conversation_key FROM k) AND m.type <> 'reaction'
    ORDER BY m.occurred_at DESC, m.id DESC LIMIT 51`,
  /**
   * A tenant's open conversations with unread messages, newest first, page 1 of 25, with the total
   * and the last message: from the stored summaries, a range scan on (tenant_id, last_message_at).
   * (Before the summaries, this baseline grouped the tenant's messages: p95 385 ms, docs/inbox.md.)
   */
  inbox: `
    WITH t AS (SELECT id FROM whatsapp_tenants WHERE document_id = $1),
    page AS (
      SELECT s.* FROM whatsapp_conversation_summaries s
      WHERE s.tenant_id = (SELECT id FROM t) AND s.unread_count > 0
        AND coalesce((SELECT cs.conversation_state FROM whatsapp_conversation_states cs WHERE cs.conversation_key = s.conversation_key), 'open') = 'open'
      ORDER BY s.last_message_at DESC, s.conversation_key LIMIT 25
    )
    SELECT page.conversation_key, page.last_message_id, page.last_message_at, page.message_count, page.unread_count, page.failed_count,
           (SELECT count(*) FROM whatsapp_conversation_summaries s
            WHERE s.tenant_id = (SELECT id FROM t) AND s.unread_count > 0
              AND coalesce((SELECT cs.conversation_state FROM whatsapp_conversation_states cs WHERE cs.conversation_key = s.conversation_key), 'open') = 'open') AS total,
           lm.body, lm.type, lm.direction, lm.delivery_status
    FROM page JOIN whatsapp_messages lm ON lm.id = page.last_message_id
    ORDER BY page.last_message_at DESC, page.conversation_key`,
  /** The three statements of the stats route: per tenant, totals, per day. */
  stats: [
    `SELECT g.document_id AS group_key, g.name AS group_label, COUNTS
     FROM whatsapp_messages m LEFT JOIN whatsapp_messages_tenant_lnk l ON l.message_id = m.id LEFT JOIN whatsapp_tenants g ON g.id = l.tenant_id
     WHERE m.direction = 'outbound' AND m.type <> 'reaction' AND m.occurred_at BETWEEN $1 AND $2 GROUP BY g.document_id, g.name`,
    `SELECT COUNTS FROM whatsapp_messages m WHERE m.direction = 'outbound' AND m.type <> 'reaction' AND m.occurred_at BETWEEN $1 AND $2`,
    `SELECT to_char(m.occurred_at at time zone 'UTC', 'YYYY-MM-DD') AS day, COUNTS FROM whatsapp_messages m
     WHERE m.direction = 'outbound' AND m.type <> 'reaction' AND m.occurred_at BETWEEN $1 AND $2 GROUP BY 1 ORDER BY 1`,
  ].map((sql) =>
    sql.replace(
      'COUNTS',
      [
        "sum(case when (m.sent_at is not null or m.delivery_status in ('sent', 'delivered', 'read', 'played')) then 1 else 0 end) AS sent",
        "sum(case when (m.delivered_at is not null or m.delivery_status in ('delivered', 'read', 'played')) then 1 else 0 end) AS delivered",
        "sum(case when (m.read_at is not null or m.delivery_status in ('read', 'played')) then 1 else 0 end) AS read",
        "sum(case when m.delivery_status = 'failed' then 1 else 0 end) AS failed",
        'count(*) AS total',
      ].join(', ')
    )
  ),
};

function row(name, strapiMs, sqlMs, serviceMs) {
  const r = (v) => v.toFixed(1);
  const s = { p50: percentile(strapiMs, 50), p95: percentile(strapiMs, 95), p99: percentile(strapiMs, 99) };
  const b = { p50: percentile(sqlMs, 50), p95: percentile(sqlMs, 95), p99: percentile(sqlMs, 99) };
  const v = { p50: percentile(serviceMs, 50), p95: percentile(serviceMs, 95) };
  const target = TARGET_P95[name];
  return {
    line: `| ${name} | ${strapiMs.length} | ${r(s.p50)} | ${r(s.p95)} | ${r(s.p99)} | ${r(v.p50)} | ${r(v.p95)} | ${r(b.p50)} | ${r(b.p95)} | ${r(b.p99)} | ${(s.p95 / b.p95).toFixed(2)} | ≤ ${target} ms ${s.p95 <= target ? 'met' : 'NOT met'} |`,
    met: s.p95 <= target,
  };
}

async function explain(db, label, sql, params) {
  const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  console.log(`\n--- EXPLAIN ${label}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`);
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'plugins/whatsapp/dist/server/index.js'))) throw new Error('The plugin is not built: run `npm run build:plugin` first.');
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${DB_NAME}"`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${DB_NAME}`;

  Object.assign(process.env, BENCH_STRAPI_ENV, {
    DATABASE_CLIENT: 'postgres',
    DATABASE_URL: dbUrl.toString(),
    DATABASE_FILENAME: '',
    WHATSAPP_OFFLINE_MODE: 'true',
    WHATSAPP_OUTBOX_ENABLED: 'false',
    WHATSAPP_DEMO_SEED: 'false',
  });

  const db = new Client({ connectionString: dbUrl.toString() });
  let strapi;
  try {
    const { compileStrapi, createStrapi } = require('@strapi/strapi');
    const { distDir } = await compileStrapi({ appDir: ROOT, ignoreDiagnostics: true });
    // First boot on the empty database creates the tables, indexes and link tables from the schemas.
    strapi = createStrapi({ appDir: ROOT, distDir, autoReload: false, serveAdminPanel: false });
    strapi.config.set('server.logger', { config: { level: 'warn' } });
    await strapi.load();
    strapi.log.level = 'warn'; // no line per request
    await db.connect();

    console.log(`timeline bench: PostgreSQL ${DB_NAME}; seeding ${SIZE.messages} messages, ${SIZE.customers} customers, ${SIZE.tenants} tenants`);
    const seeded = await time(() => seed(db, { ...SIZE, fillSummaries: () => strapi.plugin('whatsapp').service('conversation-summaries').refreshAll() }));
    console.log(`seeded in ${(seeded.ms / 1000).toFixed(1)} s`);
    const { rows: indexes } = await db.query("SELECT indexname FROM pg_indexes WHERE tablename = 'whatsapp_messages' ORDER BY 1");
    console.log(`indexes on whatsapp_messages: ${indexes.map((r) => r.indexname).join(', ')}`);

    strapi.server.mount();
    await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
    const port = strapi.server.httpServer.address().port;
    // A super admin by default; --agent: a role with the one action these routes need (its ability is much smaller).
    let role = await strapi.db.query('admin::role').findOne({ where: { code: 'strapi-super-admin' } });
    if (flag('agent')) {
      role = await strapi.service('admin::role').create({ name: 'Bench agent', description: 'bench/timeline' });
      await strapi.service('admin::role').assignPermissions(role.id, [{ action: 'plugin::whatsapp.messages-read', subject: null, properties: {}, conditions: [] }]);
    }
    const email = 'bench@example.com';
    const password = 'Bench12345!';
    const benchUser = await strapi.service('admin::user').create({ email, firstname: 'Bench', lastname: 'Admin', password, registrationToken: null, isActive: true, roles: [role.id] });
    const token = await new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/admin/login', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body).data.token) : reject(new Error(`login ${res.statusCode} ${body}`))));
      });
      req.end(JSON.stringify({ email, password }));
    });

    const plugin = strapi.plugin('whatsapp');
    const customers = (await db.query('SELECT document_id FROM whatsapp_customers ORDER BY id')).rows.map((r) => r.document_id);
    const tenants = (await db.query('SELECT document_id FROM whatsapp_tenants ORDER BY id')).rows.map((r) => r.document_id);
    const { rows: [range] } = await db.query('SELECT min(occurred_at) AS a, max(occurred_at) AS b FROM whatsapp_messages');
    const months = [];
    for (let t = new Date(range.a).getTime(); t + 30 * 86_400_000 <= new Date(range.b).getTime(); t += 15 * 86_400_000) months.push(new Date(t));
    const monthOf = (from) => ({ from: from.toISOString(), to: new Date(from.getTime() + 30 * 86_400_000).toISOString() });

    const cases = {
      timeline: {
        sample: () => pick(customers),
        http: (c) => `/whatsapp/customers/${c}/timeline?limit=50`,
        service: (c) => plugin.service('timeline').page(c, { limit: 50 }),
        sql: (c) => db.query(SQL.timeline, [c]),
      },
      inbox: {
        sample: () => pick(tenants),
        http: (t) => `/whatsapp/conversations?tenant=${t}&unread=true&state=open&page=1&pageSize=25`,
        service: (t) => plugin.service('conversations').list({ tenant: t, unread: 'true', state: 'open', page: 1, pageSize: 25 }, benchUser),
        sql: (t) => db.query(SQL.inbox, [t]),
      },
      stats: {
        sample: () => monthOf(pick(months)),
        http: (m) => `/whatsapp/stats?from=${encodeURIComponent(m.from)}&to=${encodeURIComponent(m.to)}&groupBy=tenant`,
        service: (m) => plugin.service('stats').compute({ from: m.from, to: m.to, groupBy: 'tenant' }),
        sql: async (m) => {
          for (const sql of SQL.stats) await db.query(sql, [m.from, m.to]);
        },
      },
    };

    const profile = flag('sql') ? profileSql(strapi) : null;
    console.log(TABLE_HEAD);
    const lines = [];
    let met = 0;
    const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : Object.keys(cases);
    console.log(`routes called as ${flag('agent') ? 'an agent (messages-read only)' : 'a super admin'}`);
    for (const [name, c] of Object.entries(cases).filter(([n]) => only.includes(n))) {
      const samples = Array.from({ length: N[name] }, c.sample);
      // Warm-up: caches, JIT and statement plans, on other samples than the timed ones.
      for (let i = 0; i < Math.min(20, N[name]); i += 1) {
        const s = c.sample();
        await get(port, c.http(s), token);
        await c.service(s);
        await c.sql(s);
      }
      profile?.reset();
      const strapiMs = [];
      const serviceMs = [];
      const sqlMs = [];
      // Alternate HTTP, service and SQL per sample so drift (other jobs on the machine) hits all alike.
      for (const s of samples) {
        strapiMs.push((await time(() => get(port, c.http(s), token))).ms);
        serviceMs.push((await time(() => c.service(s))).ms);
        sqlMs.push((await time(() => c.sql(s))).ms);
      }
      const r = row(name, strapiMs, sqlMs, serviceMs);
      console.log(r.line);
      lines.push(r.line);
      if (r.met) met += 1;
      if (profile) {
        console.log(`\n${name}: SQL of the Strapi path over ${samples.length} requests`);
        profile.print();
      }
      if (flag('explain')) {
        const s = samples[0];
        if (name === 'stats') for (const [i, sql] of SQL.stats.entries()) await explain(db, `stats ${i + 1}`, sql, [s.from, s.to]);
        else await explain(db, name, SQL[name], [s]);
      }
    }

    // The floor under every admin route: Strapi's own GET /admin/users/me (its admin
    // authentication, which builds the user's permissions, plus one small read), same connection.
    const floorMs = [];
    for (let i = 0; i < 20; i += 1) await get(port, '/admin/users/me', token);
    for (let i = 0; i < 100; i += 1) floorMs.push((await time(() => get(port, '/admin/users/me', token))).ms);
    const floor = `floor: Strapi's own GET /admin/users/me, 100 requests: p50 ${percentile(floorMs, 50).toFixed(1)} / p95 ${percentile(floorMs, 95).toFixed(1)} / p99 ${percentile(floorMs, 99).toFixed(1)} ms`;

    const commit = require('child_process').execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
    console.log(`\ncommit ${commit}; load average ${require('os').loadavg().map((l) => l.toFixed(1)).join(' ')}; times in ms`);
    console.log('HTTP = the admin route (keep-alive, one at a time, admin JWT); service = the plugin service the route calls, in-process (no HTTP, no auth); SQL = hand-written statement(s), pg client');
    console.log(TABLE_HEAD);
    for (const line of lines) console.log(line);
    console.log(floor);
    console.log(`\ntargets met: ${met} of ${lines.length}`);
  } finally {
    agent.destroy();
    await db.end().catch(() => undefined);
    if (strapi) await strapi.destroy().catch(() => undefined);
    if (!flag('keep')) await admin.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  }
);
