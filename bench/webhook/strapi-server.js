/**
 * The Strapi side of the benchmark, run as its own process (pinned to one core by run.js): the
 * host app with the plugin, in production mode, on the PostgreSQL database given in DATABASE_URL.
 * Seeds the outbound messages that the status payloads refer to, then prints READY <port>.
 */
const path = require('path');
const { BENCH_STRAPI_ENV } = require('../lib');
const { APP_SECRET, WABA_ID, PHONE_NUMBER_ID, OUTBOUND_COUNT, outboundWamid } = require('./payloads');

const APP_DIR = path.resolve(__dirname, '..', '..');
for (const [k, v] of Object.entries(BENCH_STRAPI_ENV)) if (process.env[k] === undefined) process.env[k] = v;
Object.assign(process.env, {
  DATABASE_CLIENT: 'postgres',
  WHATSAPP_ACCESS_TOKEN: 'bench-access-token',
  WHATSAPP_APP_SECRET: APP_SECRET,
  WHATSAPP_BUSINESS_ACCOUNT_ID: WABA_ID,
  WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
  WHATSAPP_WEBHOOK_VERIFY_TOKEN: 'bench-verify',
  WHATSAPP_OFFLINE_MODE: 'false',
  // Nothing in the bench calls Meta; an unroutable address makes any accidental call fail fast.
  WHATSAPP_GRAPH_API_URL: 'http://127.0.0.1:9',
});

(async () => {
  const { compileStrapi, createStrapi } = require('@strapi/strapi');
  const { distDir } = await compileStrapi({ appDir: APP_DIR, ignoreDiagnostics: true });
  const strapi = createStrapi({ appDir: APP_DIR, distDir, autoReload: false, serveAdminPanel: false });
  await strapi.load();
  const number = await strapi.db.query('plugin::whatsapp.phone-number').findOne({ where: { phoneNumberId: PHONE_NUMBER_ID } });
  const rows = Array.from({ length: OUTBOUND_COUNT }, (_, i) => ({
    wamid: outboundWamid(i),
    direction: 'outbound',
    type: 'template',
    deliveryStatus: 'sending',
    businessPhoneNumberId: PHONE_NUMBER_ID,
    phoneNumber: number.id,
  }));
  for (let i = 0; i < rows.length; i += 500) await strapi.db.query('plugin::whatsapp.message').createMany({ data: rows.slice(i, i + 500) });
  strapi.server.mount();
  await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  // Listening starts the plugin's workers (core/runtime.ts): stop the processor only after.
  await strapi.plugin('whatsapp').service('runtime').serving();
  const processor = strapi.plugin('whatsapp').service('webhook-processor');
  if (process.env.BENCH_NO_PROCESSING) await processor.stop();
  // The processing bench (processing.js) fills the log with the processor stopped, then writes
  // `start` on stdin: from then on the processor works the log off alone.
  // `stats` answers the statements run since `start`, by kind and table, with the time they took
  // (STATS <json>: { "<kind> <table>": [count, ms] }).
  const statements = {};
  const started = new Map();
  let counting = false;
  const keyOf = (sql) => {
    const kind = /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase() ?? '?';
    // Quoted (knex) or bare (the plugin's raw SQL) table names.
    const table = /(?:from|into|update)\s+(?:"?\w+"?\.)?"?(\w+)"?/i.exec(sql)?.[1];
    return table ? `${kind} ${table}` : kind;
  };
  strapi.db.connection.on('query', ({ sql, __knexQueryUid }) => {
    if (counting) started.set(__knexQueryUid, { key: keyOf(sql), at: process.hrtime.bigint() });
  });
  const done = (_response, { __knexQueryUid }) => {
    const query = started.get(__knexQueryUid);
    if (!query) return;
    started.delete(__knexQueryUid);
    const entry = (statements[query.key] ??= [0, 0]);
    entry[0] += 1;
    entry[1] += Number(process.hrtime.bigint() - query.at) / 1e6;
  };
  strapi.db.connection.on('query-response', done);
  strapi.db.connection.on('query-error', (error, query) => done(undefined, query));
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (text) => {
    for (const line of String(text).split('\n').map((l) => l.trim())) {
      if (line === 'start') {
        counting = true;
        processor.start();
      }
      if (line === 'stats') process.stdout.write(`STATS ${JSON.stringify(statements)}\n`);
    }
  });
  process.stdout.write(`READY ${strapi.server.httpServer.address().port}\n`);
  // Strapi stops itself on SIGTERM (destroy, then exit): run.js stops it that way.
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
