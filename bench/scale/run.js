#!/usr/bin/env node
/**
 * Two Strapi instances on one PostgreSQL database (docs/several-instances.md), as behind a load
 * balancer: signed Meta webhooks and template sends (HTTP API) spread over both, an admin's live
 * stream (SSE) open on each, the Cloud API sandbox in its own process enforcing the per-number
 * rate, and one instance SIGKILLed mid-run. Checks that every event reaches both streams (p99 from
 * the webhook's 200 to the OTHER instance's SSE event ≤ 1 s), that nothing is lost or duplicated
 * (inbound messages, sends), that the sandbox answers no 130429 at the shared per-number rate,
 * and that the survivor takes over what the killed instance held within the shortened leases.
 *
 *   npm run build:plugin && npm run bench scale
 *   node bench/scale/run.js [--duration 40] [--kill-at 20] [--webhooks 10] [--rate 5] [--send-factor 1.2]
 *                           [--webhook-lease 5000] [--outbox-lease 5000]
 *
 * Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; a
 * fresh database, dropped afterwards). Exits 1 when a check fails.
 */
const { execFileSync, fork } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { Client } = require('pg');
const { BENCH_STRAPI_ENV, createPostgresDatabase, median, numberOption, percentile, startSandboxProcess } = require('../lib');
const { APP_SECRET, PHONE_NUMBER_ID, WABA_ID, payload } = require('../webhook/payloads');
const { openStream } = require('./stream');

const ROOT = path.resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const option = (optionName, fallback) => numberOption(optionName, fallback, args);
const DURATION_S = option('duration', 40);
const KILL_AT_S = option('kill-at', 20);
const WEBHOOKS_PER_S = option('webhooks', 10);
/** Each number's limit at the sandbox, and in Strapi (throughputPerSecond). */
const PER_NUMBER_RATE = option('rate', 5);
const NUMBER_IDS = [PHONE_NUMBER_ID, '110000000000002'];
/** Sends are queued faster than the numbers may send, so both outboxes push against the shared limit. */
const SENDS_PER_S = Math.round(option('send-factor', 1.2) * PER_NUMBER_RATE * NUMBER_IDS.length);
const WEBHOOK_LEASE_MS = option('webhook-lease', 5000);
/** Live outboxes renew their claims while these wait for a slot, so the lease only bounds the takeover. */
const OUTBOX_LEASE_MS = option('outbox-lease', 5000);
/** Slack on top of a lease: the sweep runs every half lease, plus a batch's own time. */
const TAKEOVER_SLACK_MS = 3000;
const SSE_P99_TARGET_MS = 1000;
/** Webhooks acknowledged this long before the kill count as "both instances alive" events. */
const BEFORE_KILL_MARGIN_MS = 2000;

const ACCESS_TOKEN = 'bench-scale-access-token-0123456789';
const ADMIN = { email: 'bench-scale@example.com', password: 'BenchScale12345!' };
const TEMPLATE = {
  name: 'scale_notice',
  language: 'en_US',
  category: 'UTILITY',
  components: [{ type: 'BODY', text: 'Hello {{1}}, your order {{2}} is ready.' }],
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const digits = (phone) => String(phone).replace(/\D/g, '');

/** One instance (bench/scale/instance.js) in a child process; resolves once it listens. */
function startInstance(name, env) {
  const child = fork(path.join(__dirname, 'instance.js'), [], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve({ name, child, exited, dead: false, ...message }));
    child.once('exit', (code, signal) => reject(new Error(`instance ${name} exited (${code ?? signal}) before it was ready`)));
  });
}

async function stopInstance(instance) {
  if (instance.dead) return;
  instance.dead = true;
  instance.child.removeAllListeners('exit');
  instance.child.kill('SIGTERM');
  await Promise.race([instance.exited, sleep(20_000).then(() => instance.child.kill('SIGKILL'))]);
}

/** POSTs until some instance answers 200, moving to the other one when the first is gone (Meta redelivers too). */
async function deliverWebhook(record, instances) {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const alive = instances.filter((i) => !i.dead);
    const target = alive[(record.n + attempt) % alive.length];
    const sentAt = Date.now();
    try {
      const res = await fetch(`${target.url}/api/whatsapp/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': record.signature },
        body: record.raw,
      });
      await res.arrayBuffer();
      if (res.status === 200) {
        record.ackAt = Date.now();
        record.latency = record.ackAt - sentAt;
        record.target = target.name;
        return;
      }
      record.non200 += 1;
    } catch {
      record.failures += 1;
    }
    await sleep(200);
  }
}

/** Queues one template send; retried elsewhere with the same idempotencyKey when an instance is gone. */
async function queueSend(record, instances, apiToken) {
  const body = JSON.stringify({
    to: record.to,
    from: record.from,
    type: 'template',
    template: { name: TEMPLATE.name, language: TEMPLATE.language, body: [`Customer ${record.i}`, `SO-${record.i}`] },
    idempotencyKey: record.key,
  });
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const alive = instances.filter((i) => !i.dead);
    const target = alive[(record.i + attempt) % alive.length];
    const sentAt = Date.now();
    try {
      const res = await fetch(`${target.url}/api/whatsapp/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
        body,
      });
      const text = await res.text();
      if (res.status >= 200 && res.status < 300) {
        record.ackAt = Date.now();
        record.latency = record.ackAt - sentAt;
        record.target = target.name;
        return;
      }
      record.non2xx += 1;
      record.lastError = `${res.status} ${text.slice(0, 200)}`;
    } catch {
      record.failures += 1;
    }
    await sleep(200);
  }
}

async function waitFor(label, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) {
      console.log(`  gave up waiting for ${label} after ${timeoutMs / 1000} s`);
      return false;
    }
    await sleep(250);
  }
}

const ms = (value) => (value === undefined ? '–' : `${Math.round(value)}`);
const commit = () => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  } catch {
    return 'unknown';
  }
};

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'plugins/whatsapp/dist/server/index.js'))) throw new Error('The plugin is not built: run `npm run build:plugin` first.');
  const loadBefore = os.loadavg();
  console.log(`bench/scale: 2 instances, ${DURATION_S} s of load (${WEBHOOKS_PER_S} webhooks/s, ${SENDS_PER_S} sends/s queued against ${NUMBER_IDS.length} numbers × ${PER_NUMBER_RATE} msg/s), SIGKILL of B at ${KILL_AT_S} s; leases: webhook ${WEBHOOK_LEASE_MS} ms, outbox ${OUTBOX_LEASE_MS} ms; commit ${commit()}, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);

  // Compiled once here: two instances compiling into one dist/ at the same time would collide.
  const { compileStrapi } = require('@strapi/strapi');
  const { distDir } = await compileStrapi({ appDir: ROOT, ignoreDiagnostics: true });

  const database = await createPostgresDatabase(process.env.BENCH_DATABASE_URL || undefined);
  const sandbox = await startSandboxProcess({
    appSecret: APP_SECRET,
    accessTokens: [ACCESS_TOKEN],
    wabaId: WABA_ID,
    phoneNumbers: NUMBER_IDS.map((id, i) => ({ id, displayPhoneNumber: `+34 600 000 00${i + 1}`, throughputPerSecond: PER_NUMBER_RATE })),
    throughputPerSecond: PER_NUMBER_RATE,
    autoStatuses: [],
    templates: [TEMPLATE],
  });
  const env = { ...process.env };
  delete env.REDIS_URL; // the PostgreSQL bus: nothing but the database is shared
  Object.assign(env, database.env, BENCH_STRAPI_ENV, {
    BENCH_DIST_DIR: distDir,
    WHATSAPP_GRAPH_API_URL: sandbox.url,
    WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN,
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_BUSINESS_ACCOUNT_ID: WABA_ID,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    WHATSAPP_WEBHOOK_VERIFY_TOKEN: 'bench-verify',
    WHATSAPP_OFFLINE_MODE: 'false',
    WHATSAPP_OUTBOX_ENABLED: 'true',
    WHATSAPP_LIVE_BUS: 'postgres',
    WHATSAPP_WEBHOOK_LEASE_MS: String(WEBHOOK_LEASE_MS),
    WHATSAPP_OUTBOX_LEASE_MS: String(OUTBOX_LEASE_MS),
  });

  const db = new Client({ connectionString: database.url });
  let a;
  let b;
  const streams = [];
  try {
    // One after the other: the first creates the schema and the bench's data.
    a = await startInstance('A', { ...env, BENCH_SCALE_SEED: JSON.stringify({ secondNumberId: NUMBER_IDS[1], perNumberRate: PER_NUMBER_RATE, template: TEMPLATE, admin: ADMIN }) });
    b = await startInstance('B', env);
    const instances = [a, b];
    await db.connect();
    console.log(`instances: A ${a.url} (pid ${a.child.pid}), B ${b.url} (pid ${b.child.pid}); live bus ${a.liveBus} / ${b.liveBus}`);

    // The admin logs in through A; the JWT works on B too (shared ADMIN_JWT_SECRET).
    const login = await fetch(`${a.url}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    if (login.status !== 200) throw new Error(`admin login: ${login.status}`);
    const jwt = (await login.json()).data.token;
    const stream = { A: await openStream(a.url, jwt), B: await openStream(b.url, jwt) };
    streams.push(stream.A, stream.B);

    const webhooks = [];
    const sends = [];
    const inFlight = new Set();
    const track = (promise) => {
      inFlight.add(promise);
      promise.finally(() => inFlight.delete(promise));
    };
    let killedAt;
    let atKill;
    const started = Date.now();
    const loadEnd = started + DURATION_S * 1000;
    while (Date.now() < loadEnd) {
      const elapsed = (Date.now() - started) / 1000;
      while (webhooks.length < elapsed * WEBHOOKS_PER_S) {
        const n = webhooks.length + 1;
        const p = payload(1, n);
        const record = { n, kind: p.kind, wamid: p.wamid, raw: p.raw, signature: p.signature, non200: 0, failures: 0 };
        webhooks.push(record);
        track(deliverWebhook(record, instances));
      }
      while (sends.length < elapsed * SENDS_PER_S) {
        const i = sends.length;
        const record = { i, to: `+3470${String(i).padStart(7, '0')}`, from: NUMBER_IDS[i % NUMBER_IDS.length], key: `scale-${i}`, non2xx: 0, failures: 0 };
        sends.push(record);
        track(queueSend(record, instances, a.apiToken));
      }
      if (!killedAt && elapsed >= KILL_AT_S) {
        b.dead = true;
        b.child.kill('SIGKILL');
        await b.exited;
        killedAt = Date.now();
        // What B held: nothing changes these rows until the survivor takes them over.
        const events = await db.query("SELECT id FROM whatsapp_webhook_events WHERE processing_status = 'processing'");
        const claimed = await db.query("SELECT id FROM whatsapp_messages WHERE delivery_status = 'queued' AND locked_by LIKE $1", [`${b.outboxInstanceId}:%`]);
        const sending = await db.query("SELECT id FROM whatsapp_messages WHERE delivery_status = 'sending' AND locked_by LIKE $1", [`${b.outboxInstanceId}:%`]);
        atKill = { events: events.rows.map((r) => r.id), claimed: claimed.rows.map((r) => r.id), sending: sending.rows.map((r) => r.id) };
        console.log(`${((killedAt - started) / 1000).toFixed(1)} s: SIGKILL B: ${atKill.events.length} webhook events processing, ${atKill.claimed.length} outbox claims not yet sending, ${atKill.sending.length} sends in flight`);
      }
      await sleep(5);
    }
    await Promise.all([...inFlight]);
    const lastRequestAt = Date.now();
    console.log(`${((lastRequestAt - started) / 1000).toFixed(1)} s: load done (${webhooks.length} webhooks, ${sends.length} sends); waiting for A to finish…`);

    const count = async (sql, params = []) => Number((await db.query(sql, params)).rows[0].n);
    const drained = await waitFor(
      'the webhook log and the outbox',
      async () =>
        (await count("SELECT count(*) AS n FROM whatsapp_webhook_events WHERE processing_status IN ('pending','processing')")) === 0 &&
        (await count("SELECT count(*) AS n FROM whatsapp_messages WHERE delivery_status = 'queued' AND idempotency_key LIKE 'scale-%'")) === 0,
      240_000
    );
    const drainedAt = Date.now();
    // The last events' way to the survivor's stream (bounded: a missing one is reported below).
    const seenOnA = () => new Set(stream.A.events.filter((e) => e.event === 'message.created').map((e) => e.data?.message?.wamid));
    await waitFor('the last events on the stream', async () => {
      const seen = seenOnA();
      return webhooks.every((w) => w.kind === 'status' || !w.ackAt || seen.has(w.wamid));
    }, 30_000);
    await sleep(500);
    const loadAfter = os.loadavg();

    // ---- what happened --------------------------------------------------------------------
    const report = await sandbox.report();
    const received = new Map();
    for (const s of report.sent.filter((s) => s.type === 'template')) received.set(digits(s.to), (received.get(digits(s.to)) ?? []).concat(s.at));
    const rows = (await db.query("SELECT id, idempotency_key AS key, delivery_status AS status, accepted_at FROM whatsapp_messages WHERE idempotency_key LIKE 'scale-%'")).rows;
    const rowByKey = new Map(rows.map((r) => [r.key, r]));
    const rowsPerKey = rows.length - rowByKey.size;
    let sendsLost = 0;
    let sendsUnknown = 0;
    let sendsDuplicated = 0;
    for (const s of sends) {
      const times = received.get(digits(s.to)) ?? [];
      if (times.length > 1) sendsDuplicated += times.length - 1;
      if (times.length === 0) {
        const row = rowByKey.get(s.key);
        // Sending when B died: Meta may or may not have it, so it waits for a person (review).
        if (row && ['sending', 'review'].includes(row.status) && atKill?.sending.includes(row.id)) sendsUnknown += 1;
        else sendsLost += 1;
      }
    }
    const claimedRows = rows.filter((r) => atKill?.claimed.includes(r.id));
    const claimedSentOnce = claimedRows.filter((r) => r.status === 'accepted' && (received.get(digits(sends[Number(r.key.slice(6))].to)) ?? []).length === 1).length;
    const claimTakeover = claimedRows.filter((r) => r.accepted_at).map((r) => new Date(r.accepted_at).getTime() - killedAt);

    const inbound = webhooks.filter((w) => w.kind !== 'status');
    const stored = new Map((await db.query("SELECT wamid, count(*) AS n FROM whatsapp_messages WHERE direction = 'inbound' GROUP BY wamid")).rows.map((r) => [r.wamid, Number(r.n)]));
    const inboundLost = inbound.filter((w) => !stored.has(w.wamid)).length;
    const inboundDuplicated = [...stored.values()].reduce((sum, n) => sum + n - 1, 0);
    const unacknowledged = webhooks.filter((w) => !w.ackAt).length;
    const eventStates = Object.fromEntries((await db.query('SELECT processing_status AS s, count(*) AS n FROM whatsapp_webhook_events GROUP BY 1')).rows.map((r) => [r.s, Number(r.n)]));
    const leased = atKill?.events.length
      ? (await db.query('SELECT id, attempts, processed_at FROM whatsapp_webhook_events WHERE id = ANY($1) AND attempts > 1', [atKill.events])).rows
      : [];
    const leaseTakeover = leased.map((r) => new Date(r.processed_at).getTime() - killedAt);

    // The live streams: each inbound message's `message.created`, per instance.
    const createdOn = (s) => {
      const byWamid = new Map();
      for (const e of s.events) {
        if (e.event !== 'message.created' || e.data?.message?.direction !== 'inbound') continue;
        byWamid.set(e.data.message.wamid, (byWamid.get(e.data.message.wamid) ?? []).concat(e));
      }
      return byWamid;
    };
    const created = { A: createdOn(stream.A), B: createdOn(stream.B) };
    const duplicateIds = (s) => {
      const ids = s.events.filter((e) => e.id && e.event !== 'ready').map((e) => e.id);
      return ids.length - new Set(ids).size;
    };
    // Both alive: what reached the survivor's stream well before the kill must have reached B's too.
    const bothAlive = inbound.filter((w) => w.ackAt && created.A.get(w.wamid)?.[0]?.at < killedAt - BEFORE_KILL_MARGIN_MS);
    const ackedBeforeKill = inbound.filter((w) => w.ackAt && w.ackAt < killedAt - BEFORE_KILL_MARGIN_MS).length;
    const missingOnBoth = bothAlive.filter((w) => !created.A.has(w.wamid) || !created.B.has(w.wamid)).length;
    const missingOnSurvivor = inbound.filter((w) => w.ackAt && !created.A.has(w.wamid)).length;
    const streamDuplicates = ['A', 'B'].reduce((sum, k) => sum + duplicateIds(stream[k]) + [...created[k].values()].reduce((n, list) => n + list.length - 1, 0), 0);
    // Every event B's stream got reached A's too, and the other way round while both lived.
    const idsOf = (s, before = Infinity) => new Set(s.events.filter((e) => e.id && e.event !== 'ready' && e.at < before).map((e) => e.id));
    const idsA = idsOf(stream.A);
    const idsB = idsOf(stream.B);
    const onlyOnB = [...idsB].filter((id) => !idsA.has(id)).length;
    const onlyOnA = [...idsOf(stream.A, killedAt - BEFORE_KILL_MARGIN_MS)].filter((id) => !idsB.has(id)).length;
    const lag = (toOther) =>
      bothAlive
        .map((w) => {
          const on = toOther ? (w.target === 'A' ? 'B' : 'A') : w.target;
          const e = created[on].get(w.wamid)?.[0];
          return e ? e.at - w.ackAt : undefined;
        })
        .filter((v) => v !== undefined);
    const lagOther = lag(true);
    const lagSame = lag(false);
    // Where the time goes: until the processor stored the message (its created_at), then to the stream.
    const storedAt = new Map((await db.query("SELECT wamid, created_at FROM whatsapp_messages WHERE direction = 'inbound'")).rows.map((r) => [r.wamid, new Date(r.created_at).getTime()]));
    const applyLag = bothAlive.filter((w) => storedAt.has(w.wamid)).map((w) => storedAt.get(w.wamid) - w.ackAt);
    const liveLag = bothAlive
      .map((w) => created[w.target === 'A' ? 'B' : 'A'].get(w.wamid)?.[0]?.at - storedAt.get(w.wamid))
      .filter((v) => Number.isFinite(v));

    const sentTimes = report.sent.filter((s) => s.type === 'template').map((s) => s.at);
    const sendSpan = (Math.max(...sentTimes) - Math.min(...sentTimes)) / 1000;
    const sendRate = (sentTimes.length - 1) / sendSpan;
    const allowed = PER_NUMBER_RATE * NUMBER_IDS.length;
    const byInstance = (list, name) => list.filter((r) => r.target === name).length;

    console.log('');
    console.log('| instance | webhooks answered 200 | sends answered 2xx | SSE events | inbound message.created | end |');
    console.log('|---|---|---|---|---|---|');
    for (const name of ['A', 'B']) {
      console.log(`| ${name} | ${byInstance(webhooks, name)} | ${byInstance(sends, name)} | ${stream[name].events.length} | ${created[name].size} | ${name === 'B' ? `SIGKILL at ${KILL_AT_S} s` : 'survived'} |`);
    }
    console.log('');
    console.log('| measure | samples | p50 ms | p99 ms | max ms |');
    console.log('|---|---|---|---|---|');
    console.log(`| webhook 200 → SSE event on the OTHER instance | ${lagOther.length} | ${ms(median(lagOther))} | ${ms(percentile(lagOther, 99))} | ${ms(Math.max(...lagOther))} |`);
    console.log(`| webhook 200 → SSE event on the same instance (baseline) | ${lagSame.length} | ${ms(median(lagSame))} | ${ms(percentile(lagSame, 99))} | ${ms(Math.max(...lagSame))} |`);
    console.log(`| of which: webhook 200 → message stored by a processor | ${applyLag.length} | ${ms(median(applyLag))} | ${ms(percentile(applyLag, 99))} | ${ms(Math.max(...applyLag))} |`);
    console.log(`| of which: message stored → SSE event on the other instance | ${liveLag.length} | ${ms(median(liveLag))} | ${ms(percentile(liveLag, 99))} | ${ms(Math.max(...liveLag))} |`);
    const latencies = (list) => list.filter((r) => r.latency !== undefined).map((r) => r.latency);
    for (const [label, list] of [['webhook POST → 200', webhooks], ['send POST → 202', sends]]) {
      const values = latencies(list);
      console.log(`| ${label} | ${values.length} | ${ms(median(values))} | ${ms(percentile(values, 99))} | ${ms(Math.max(...values))} |`);
    }
    console.log(`| kill → leased webhook event applied by A | ${leaseTakeover.length} | ${ms(median(leaseTakeover))} | – | ${ms(Math.max(...leaseTakeover, 0))} |`);
    console.log(`| kill → B's outbox claim accepted from A | ${claimTakeover.length} | ${ms(median(claimTakeover))} | – | ${ms(Math.max(...claimTakeover, 0))} |`);
    console.log('');
    const p99Other = percentile(lagOther, 99);
    console.log(`ratio p99 other / same instance: ${(p99Other / percentile(lagSame, 99)).toFixed(2)}; p99 other / target ${SSE_P99_TARGET_MS} ms: ${(p99Other / SSE_P99_TARGET_MS).toFixed(2)}`);
    console.log(`sends: ${sentTimes.length} accepted by the sandbox at ${sendRate.toFixed(1)} msg/s = ${(sendRate / allowed).toFixed(3)} of the shared ${allowed} msg/s (both instances together, kill included)`);
    console.log(`latencies over the ${bothAlive.length} inbound messages on A's stream ${BEFORE_KILL_MARGIN_MS / 1000} s before the kill or earlier (${ackedBeforeKill} were acknowledged by then; the rest reached the streams after the kill)`);
    console.log(`webhook events: ${JSON.stringify(eventStates)}; ${webhooks.filter((w) => w.failures || w.non200).length} webhooks needed a second try (the kill)`);
    console.log(`drained ${((drainedAt - lastRequestAt) / 1000).toFixed(1)} s after the last request; load average after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);

    const checks = [
      ['both instances on the PostgreSQL live bus', a.liveBus === 'postgres' && b.liveBus === 'postgres', `${a.liveBus} / ${b.liveBus}`],
      ['every webhook acknowledged (200), by one instance or the other', unacknowledged === 0, `${unacknowledged} never answered 200`],
      ['every send acknowledged (2xx)', sends.every((s) => s.ackAt), `${sends.filter((s) => !s.ackAt).length} not; last error ${sends.find((s) => s.lastError)?.lastError}`],
      ['the log and the outbox drained', drained, 'still work left'],
      [`0 inbound messages lost (${inbound.length})`, inboundLost === 0, `${inboundLost} lost`],
      ['0 inbound messages stored twice', inboundDuplicated === 0, `${inboundDuplicated} duplicates`],
      ['0 webhook events failed', !eventStates.failed, `${eventStates.failed} failed`],
      [`0 sends lost (${sends.length}; ${sendsUnknown} in flight at the kill, for review)`, sendsLost === 0, `${sendsLost} lost`],
      ['0 sends received twice by the sandbox, one row per idempotency key', sendsDuplicated === 0 && rowsPerKey === 0, `${sendsDuplicated} twice, ${rowsPerKey} extra rows`],
      ['0 × 130429 from the sandbox', report.rateLimited === 0, `${report.rateLimited} × 130429`],
      [`every event on both streams while both lived (${bothAlive.length} inbound messages)`, missingOnBoth === 0 && onlyOnA === 0 && onlyOnB === 0, `${missingOnBoth} messages missing, ${onlyOnA} ids only on A, ${onlyOnB} only on B`],
      ["every inbound message on the survivor's stream", missingOnSurvivor === 0, `${missingOnSurvivor} missing`],
      ['0 duplicate events on a stream', streamDuplicates === 0, `${streamDuplicates} duplicates`],
      [`p99 webhook 200 → other instance's SSE event ≤ ${SSE_P99_TARGET_MS} ms`, p99Other <= SSE_P99_TARGET_MS, `${ms(p99Other)} ms`],
      [
        `B held work when killed, and A took over the leased events within the lease (+${TAKEOVER_SLACK_MS / 1000} s)`,
        atKill && atKill.events.length + atKill.claimed.length > 0 && leaseTakeover.every((t) => t <= WEBHOOK_LEASE_MS + TAKEOVER_SLACK_MS),
        `held ${atKill?.events.length} events / ${atKill?.claimed.length} claims; slowest takeover ${ms(Math.max(...leaseTakeover, 0))} ms`,
      ],
      [`B's ${claimedRows.length} unsent outbox claims sent once, by A`, claimedSentOnce === claimedRows.length, `${claimedRows.length - claimedSentOnce} not sent exactly once`],
    ];
    console.log('');
    let failed = 0;
    for (const [label, ok, detail] of checks) {
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}${ok ? '' : `: ${detail}`}`);
      if (!ok) failed += 1;
    }
    process.exitCode = failed ? 1 : 0;
  } finally {
    for (const s of streams) s.close();
    for (const instance of [a, b]) if (instance) await stopInstance(instance).catch(() => undefined);
    await db.end().catch(() => undefined);
    await sandbox.close().catch(() => undefined);
    await database.drop().catch((error) => console.error(`could not drop ${database.name}: ${error.message}`));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
