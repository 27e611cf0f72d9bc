#!/usr/bin/env node
/**
 * Automation benchmark: how much do active rules slow down a record update?
 *
 * Boots the host app in-process (SQLite in a temp file, offline sandbox, outbox worker off) and
 * times `strapi.documents('api::purchase-order.purchase-order').update(...)`:
 *   A. no automation rules;
 *   B. 10 active rules on purchase orders (conditions on orderStatus, supplier, total…) and updates
 *      that change the total (the rules are evaluated, none matches: the everyday case);
 *   C. the same 10 rules and updates that flip the order status, so one rule matches every other
 *      update and a template message is queued (rendering and queueing run after the write).
 * Rounds alternate A/B/C to cancel drift; the figure is the ratio of median latencies (target
 * B/A ≤ 1.2).
 *
 * Usage: npm run build:plugin && node bench/automation/run.js [--updates 400] [--rounds 5]
 * Set DATABASE_CLIENT=postgres (and TEST_DATABASE_URL) to run it on PostgreSQL.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { BENCH_STRAPI_ENV, median, numberOption, percentile } = require('../lib');

const args = process.argv.slice(2);
const arg = (optionName, fallback) => numberOption(optionName, fallback, args);
const UPDATES = arg('updates', 400);
const ROUNDS = arg('rounds', 5);
const ROOT = path.resolve(__dirname, '..', '..');
const PO = 'api::purchase-order.purchase-order';

const dbFile = path.join(os.tmpdir(), `whatsapp-bench-automation-${process.pid}.db`);
Object.assign(process.env, BENCH_STRAPI_ENV, {
  NODE_ENV: 'test',
  WHATSAPP_OFFLINE_MODE: 'true',
  WHATSAPP_OUTBOX_ENABLED: 'false',
  WHATSAPP_DEMO_SEED: 'false',
});
if ((process.env.DATABASE_CLIENT || 'sqlite') === 'sqlite') {
  process.env.DATABASE_CLIENT = 'sqlite';
  process.env.DATABASE_FILENAME = dbFile;
}

const RULE_BASE = {
  contentType: PO,
  event: 'updated',
  recipientPath: 'supplier.phone',
  tenantPath: 'tenant',
  templateName: 'po_notification',
  language: 'es',
  parameterMapping: {
    'body.1': { source: 'field', path: 'supplier.name' },
    'body.2': { source: 'field', path: 'poNumber' },
    'body.3': { source: 'field', path: 'total', format: 'currency', currencyPath: 'currency', currency: 'EUR' },
  },
};
const CONDITIONS = [
  { field: 'orderStatus', operator: 'changedTo', value: 'approved' },
  { field: 'orderStatus', operator: 'changedTo', value: 'rejected' },
  { field: 'orderStatus', operator: 'changedTo', value: 'received' },
  { field: 'orderStatus', operator: 'changedFromTo', from: 'draft', value: 'submitted' },
  { field: 'orderStatus', operator: 'equals', value: 'received' },
  { field: 'supplier', operator: 'changed' },
  { field: 'supplier.name', operator: 'changedTo', value: 'Nobody' },
  { field: 'currency', operator: 'changedTo', value: 'USD' },
  { field: 'poNumber', operator: 'changedTo', value: 'PO-NEVER' },
  { field: 'tenant', operator: 'changedToAny' },
];

async function main() {
  const { compileStrapi, createStrapi } = require('@strapi/strapi');
  await compileStrapi({ appDir: ROOT, ignoreDiagnostics: true });
  const strapi = await createStrapi({ appDir: ROOT, distDir: path.join(ROOT, 'dist'), autoReload: false, serveAdminPanel: false }).load();
  try {
    const docs = strapi.documents(PO);
    const supplier = await strapi.documents('api::supplier.supplier').create({ data: { name: 'Harinas del Norte', phone: '+34600222333' } });
    const orders = [];
    for (let i = 0; i < 20; i += 1) {
      orders.push(await docs.create({ data: { poNumber: `PO-B${i}`, total: 100, currency: 'EUR', orderStatus: 'submitted', supplier: supplier.documentId } }));
    }
    // The approved template the rules send (offline mode has it in the sandbox; Strapi learns it by sync).
    await strapi.db.query('plugin::whatsapp.template').create({
      data: {
        name: 'po_notification',
        language: 'es',
        category: 'UTILITY',
        reviewStatus: 'APPROVED',
        components: [{ type: 'BODY', text: 'Hola {{1}}, le enviamos el pedido de compra {{2}} por un total de {{3}}.' }],
      },
    });
    const rules = strapi.plugin('whatsapp').service('automation-rules');
    const automations = strapi.plugin('whatsapp').service('automations');

    let counter = 0;
    const timeUpdates = async (data) => {
      const samples = [];
      for (let i = 0; i < UPDATES; i += 1) {
        const order = orders[i % orders.length];
        counter += 1;
        const started = process.hrtime.bigint();
        await docs.update({ documentId: order.documentId, data: data(counter) });
        samples.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      await automations.drain();
      return samples;
    };
    const totalChange = (n) => ({ total: 100 + (n % 1000) });
    const statusFlip = (n) => ({ orderStatus: Math.floor(n / orders.length) % 2 === 0 ? 'approved' : 'submitted' });

    // Warm-up (JIT, statement caches) before any measurement.
    await timeUpdates(totalChange);

    const ids = [];
    const setRules = async (on) => {
      if (on && ids.length === 0) {
        for (const [i, condition] of CONDITIONS.entries()) ids.push((await rules.create({ ...RULE_BASE, name: `bench rule ${i}`, condition })).data.documentId);
      }
      if (!on) {
        while (ids.length) await rules.remove(ids.pop());
      }
    };

    const results = { A: [], B: [], C: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      await setRules(false);
      results.A.push(...(await timeUpdates(totalChange)));
      await setRules(true);
      results.B.push(...(await timeUpdates(totalChange)));
      results.C.push(...(await timeUpdates(statusFlip)));
    }
    await setRules(true);
    const queued = await strapi.db.query('plugin::whatsapp.message').count({ where: { sourceUid: PO } });
    const failures = await strapi.db.query('plugin::whatsapp.automation').findMany({ where: { failedCount: { $gt: 0 } }, select: ['name', 'failedCount', 'lastError'] });

    const row = (name, samples) => ({
      case: name,
      updates: samples.length,
      'median ms': median(samples).toFixed(3),
      'p95 ms': percentile(samples, 95).toFixed(3),
      'mean ms': (samples.reduce((a, b) => a + b, 0) / samples.length).toFixed(3),
    });
    console.table([
      row('A: no rules', results.A),
      row('B: 10 rules, no transition', results.B),
      row('C: 10 rules, a transition every 2nd update', results.C),
    ]);
    const ratioB = median(results.B) / median(results.A);
    const ratioC = median(results.C) / median(results.A);
    console.log(`database: ${process.env.DATABASE_CLIENT}; messages queued by rules in C: ${queued}`);
    for (const failure of failures) console.log(`rule "${failure.name}" failed ${failure.failedCount}x: ${failure.lastError}`);
    console.log(`ratio B/A (median) = ${ratioB.toFixed(3)}  (target <= 1.2) ${ratioB <= 1.2 ? 'OK' : 'ABOVE TARGET'}`);
    console.log(`ratio C/A (median) = ${ratioC.toFixed(3)}`);
  } finally {
    await strapi.destroy();
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${dbFile}${suffix}`, { force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  }
);
