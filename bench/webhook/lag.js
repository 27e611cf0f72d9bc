/**
 * Lag benchmark (`node bench/webhook/run.js --lag [--rate 500] [--duration 60]`): Strapi on a
 * fresh PostgreSQL database, its processor running, receives `--rate` signed mixed webhooks per
 * second for `--duration` seconds (autocannon on core 1, Strapi on core 0). For every event the
 * lag is `processed_at − received_at` (received_at is written in the transaction the 200 waits
 * for), after a 5 s warm-up that is not measured; the backlog (events stored, not yet applied) is
 * sampled every second. Prints p50/p99/max
 * lag, the backlog's peak and its trend over the run, and the exactly-once checks.
 * Targets: lag p99 ≤ 2 s, a backlog that does not grow.
 */
const path = require('path');
const autocannon = require('autocannon');
const { Client } = require('pg');
const { payload } = require('./payloads');
const { hasTaskset, pinSelf, startServer, stopServer } = require('./processes');

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main({ rate, duration, adminUrl }) {
  pinSelf();
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  const name = `whatsapp_bench_lag_${Date.now()}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = new Client({ connectionString: url.toString() });
  let server;
  try {
    console.log(`lag bench: ${rate} events/s for ${duration} s, PostgreSQL ${name}, ${hasTaskset ? 'Strapi on core 0, autocannon on core 1' : 'no taskset: unpinned'}`);
    server = await startServer(path.join(__dirname, 'strapi-server.js'), { DATABASE_URL: url.toString() });
    await db.connect();
    await admin.query('CHECKPOINT');
    const sent = { text: 0, interactive: 0, status: 0 };
    /** `amount` unique signed bodies of run `run` at `rate`/s over 50 connections. */
    const fire = (run, amount) => {
      let n = 0;
      return new Promise((resolve, reject) => {
        const instance = autocannon(
          {
            url: `http://127.0.0.1:${server.port}/api/whatsapp/webhook`,
            method: 'POST',
            amount,
            connections: 50,
            overallRate: rate,
            requests: [
              {
                setupRequest(req) {
                  const p = payload(run, (n += 1));
                  sent[p.kind] += 1;
                  return { ...req, method: 'POST', body: p.raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': p.signature } };
                },
              },
            ],
          },
          (error, res) => (error ? reject(error) : resolve(res))
        );
        instance.on('error', reject);
      });
    };
    const drained = async () => {
      for (let waited = 0; waited < 120_000; waited += 250) {
        const { rows } = await db.query("SELECT count(*) AS n FROM whatsapp_webhook_events WHERE processing_status IN ('pending', 'processing', 'failed')");
        if (Number(rows[0].n) === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    // Warm-up (not measured): 5 s at the rate, so the 400 senders exist and the code is hot, as
    // in a running system; then the measured run once the warm-up is applied.
    const warm = await fire(6, rate * 5);
    await drained();
    const measuredFrom = new Date();
    const backlog = [];
    const sample = setInterval(async () => {
      const { rows } = await db.query("SELECT count(*) AS n FROM whatsapp_webhook_events WHERE processing_status IN ('pending', 'processing')");
      backlog.push(Number(rows[0].n));
    }, 1000);
    const result = await fire(7, rate * duration);
    // Let the processor finish what arrived last, then read every measured event's lag.
    await drained();
    clearInterval(sample);
    const lags = (
      await db.query(
        "SELECT extract(epoch FROM processed_at - received_at) * 1000 AS ms FROM whatsapp_webhook_events WHERE processing_status = 'processed' AND received_at >= $1",
        [measuredFrom]
      )
    ).rows
      .map((row) => Number(row.ms))
      .sort((a, b) => a - b);
    const count = async (sql) => Number((await db.query(sql)).rows[0].n);
    const stored = await count('SELECT count(*) AS n FROM whatsapp_webhook_events');
    const reprocessed = await count('SELECT count(*) AS n FROM whatsapp_webhook_events WHERE attempts <> 1');
    const inbound = await count("SELECT count(DISTINCT wamid) AS n FROM whatsapp_messages WHERE direction = 'inbound'");
    const ok = result['2xx'] + warm['2xx'];
    const total = rate * (duration + 5);
    const third = Math.max(1, Math.floor(backlog.length / 3));
    const mean = (xs) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
    const firstThird = mean(backlog.slice(0, third));
    const lastThird = mean(backlog.slice(-third));

    console.log(`\nwarm-up ${rate * 5}, then ${rate * duration} measured (p99 of the 200s ${result.latency.p99} ms); ${lags.length} measured events applied`);
    console.log(`lag 200 → applied: p50 ${Math.round(percentile(lags, 50))} ms, p99 ${Math.round(percentile(lags, 99))} ms, max ${Math.round(lags[lags.length - 1])} ms  (target p99 ≤ 2,000 ms)`);
    console.log(`backlog (sampled each second): peak ${Math.max(...backlog)}, mean of the first third ${firstThird}, of the last third ${lastThird}  (target: does not grow)`);
    const checks = [
      ['every request answered 2xx', ok === total, `${ok} of ${total}`],
      ['every stored event applied once', stored === total && lags.length === rate * duration && reprocessed === 0, `stored ${stored} of ${total}, ${lags.length} measured applied, ${reprocessed} with attempts ≠ 1`],
      ['one inbound message per message sent', inbound === sent.text + sent.interactive, `${inbound} of ${sent.text + sent.interactive}`],
    ];
    let failed = 0;
    for (const [label, good, detail] of checks) {
      console.log(`${good ? 'ok  ' : 'FAIL'} ${label}${good ? '' : `: ${detail}`}`);
      if (!good) failed += 1;
    }
    const met = percentile(lags, 99) <= 2000 && lastThird <= Math.max(firstThird * 1.5, rate);
    console.log(`\ntargets ${met ? 'met' : 'NOT met'}`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    if (server) await stopServer(server.child);
    await db.end().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

module.exports = { main };
