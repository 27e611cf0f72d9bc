/**
 * Helpers shared by the benchmarks (not a benchmark: bench/run.js only runs folders with a run.js).
 */

/** Median and nearest-rank percentile of a list of numbers. */
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
};

/** `--sql` of the benches: time spent per SQL statement shape through Strapi's knex, to see where the database time goes. */
function profileSql(strapi) {
  const started = new Map();
  const totals = new Map();
  const knex = strapi.db.connection;
  const shape = (sql) => sql.replace(/\(\?(, \?)*\)/g, '(…)').replace(/\s+/g, ' ').slice(0, 160);
  knex.on('query', (q) => started.set(q.__knexQueryUid, { at: process.hrtime.bigint(), sql: shape(q.sql) }));
  const done = (_r, q) => {
    const s = started.get(q.__knexQueryUid);
    if (!s) return;
    started.delete(q.__knexQueryUid);
    const t = totals.get(s.sql) || { n: 0, ms: 0 };
    t.n += 1;
    t.ms += Number(process.hrtime.bigint() - s.at) / 1e6;
    totals.set(s.sql, t);
  };
  knex.on('query-response', done);
  knex.on('query-error', (_e, q) => done(null, q));
  return {
    /** Forgets what was timed so far (e.g. set-up or warm-up). */
    reset() {
      totals.clear();
    },
    print() {
      console.log('  SQL by total time (ms, count, statement):');
      [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25).forEach(([sql, t]) => console.log(`    ${t.ms.toFixed(0).padStart(7)} ${String(t.n).padStart(6)}  ${sql}`));
    },
  };
}

/**
 * The Cloud API sandbox in a child process (bench/outbound/sandbox-process.js): Meta's side must
 * not share the event loop, or the CPU time, of the Strapi being measured. `options` are the
 * sandbox's (createSandbox); the report lists every accepted send and the 130429 answers.
 */
async function startSandboxProcess(options) {
  const { fork } = require('child_process');
  const path = require('path');
  const child = fork(path.join(__dirname, 'outbound', 'sandbox-process.js'), [], { stdio: 'inherit' });
  const next = (type) =>
    new Promise((resolve) => {
      const onMessage = (message) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
    });
  const started = next('started');
  child.send({ type: 'start', options });
  const { url } = await started;
  return {
    url,
    setWebhookUrl: (webhook) => child.send({ type: 'webhook', url: webhook }),
    /** { sent: [{ to, phoneNumberId, type, at }], rateLimited } */
    async report() {
      const reply = next('report');
      child.send({ type: 'report' });
      return reply;
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      await exited;
    },
  };
}

/**
 * A fresh PostgreSQL database for one run, on the server of `adminUrl` (default
 * TEST_DATABASE_URL or the local server): its URL, Strapi's DATABASE_* variables for it, and
 * `drop()` (which ends any connection left to it).
 */
async function createPostgresDatabase(adminUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres') {
  const { Client } = require('pg');
  const name = `whatsapp_bench_${Date.now()}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    label: 'PostgreSQL',
    env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: url.toString(), DATABASE_FILENAME: '' },
    async drop() {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/** `--name N` from the command line, as a number, else the fallback. */
function numberOption(name, fallback, args = process.argv.slice(2)) {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
}

/** The environment every benchmark boots Strapi with: production mode and fixed, non-secret keys. */
const BENCH_STRAPI_ENV = Object.freeze({
  NODE_ENV: 'production',
  STRAPI_TELEMETRY_DISABLED: 'true',
  APP_KEYS: 'benchKeyA,benchKeyB',
  API_TOKEN_SALT: 'bench-salt',
  ADMIN_JWT_SECRET: 'bench-admin-jwt',
  TRANSFER_TOKEN_SALT: 'bench-transfer',
  JWT_SECRET: 'bench-jwt',
  ENCRYPTION_KEY: 'bench-encryption-key-0123456789abcdef',
});

module.exports = { BENCH_STRAPI_ENV, median, numberOption, percentile, profileSql, startSandboxProcess, createPostgresDatabase };
