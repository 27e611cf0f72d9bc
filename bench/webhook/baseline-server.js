/**
 * The baseline: a bare Koa server that does the minimum a correct webhook must do — read the raw
 * body, check X-Hub-Signature-256 in constant time, insert the raw body into PostgreSQL (one
 * INSERT per request, the pg driver's usual pool) and answer 200. Same database as Strapi.
 */
const crypto = require('crypto');
const Koa = require('koa');
const { Pool } = require('pg');
const { APP_SECRET } = require('./payloads');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = new Koa();

const readBody = (req) =>
  new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

app.use(async (ctx) => {
  if (ctx.method !== 'POST' || ctx.path !== '/webhook') return;
  const raw = await readBody(ctx.req);
  const header = String(ctx.get('x-hub-signature-256') || '');
  const expected = crypto.createHmac('sha256', APP_SECRET).update(raw).digest();
  const given = Buffer.from(header.replace(/^sha256=/, ''), 'hex');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    ctx.status = 401;
    return;
  }
  await pool.query('INSERT INTO bench_baseline_events (raw_body, received_at) VALUES ($1, now())', [raw.toString('utf8')]);
  ctx.status = 200;
  ctx.body = 'EVENT_RECEIVED';
});

(async () => {
  await pool.query('CREATE TABLE IF NOT EXISTS bench_baseline_events (id serial PRIMARY KEY, raw_body text NOT NULL, received_at timestamptz NOT NULL)');
  const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`READY ${server.address().port}\n`));
  const stop = async () => {
    server.close();
    await pool.end();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
