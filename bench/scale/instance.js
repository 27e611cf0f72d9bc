/**
 * One Strapi instance of bench/scale, in its own process: the host app with the built plugin, in
 * production mode, from the dist/ that run.js compiled, on the database and with the settings of
 * the environment run.js gives it. The first instance (BENCH_SCALE_SEED=1) also prepares the
 * database: the second number, the template, an API token for sends, a super admin for the live
 * stream, and the outbound messages the status webhooks refer to. Tells run.js over IPC when it
 * listens; run.js ends it with SIGTERM (Strapi's own shutdown) or SIGKILL (the crash).
 */
const path = require('path');
const { PHONE_NUMBER_ID, outboundRows } = require('../webhook/payloads');

const APP_DIR = path.resolve(__dirname, '..', '..');
const PLUGIN = 'plugin::whatsapp';

async function seed(strapi, { secondNumberId, perNumberRate, template, admin }) {
  const master = await strapi.db.query(`${PLUGIN}.business-account`).findOne({ where: { isMaster: true } });
  await strapi.db.query(`${PLUGIN}.template`).create({
    data: { name: template.name, language: template.language, category: template.category, reviewStatus: 'APPROVED', components: template.components, account: master.id },
  });
  const numbers = strapi.db.query(`${PLUGIN}.phone-number`);
  const first = await numbers.findOne({ where: { phoneNumberId: PHONE_NUMBER_ID } });
  await numbers.update({ where: { id: first.id }, data: { throughputPerSecond: perNumberRate } });
  await numbers.create({ data: { phoneNumberId: secondNumberId, account: master.id, throughputPerSecond: perNumberRate } });
  const rows = outboundRows(first.id);
  for (let i = 0; i < rows.length; i += 500) await strapi.db.query(`${PLUGIN}.message`).createMany({ data: rows.slice(i, i + 500) });

  const token = await strapi.service('admin::api-token').create({
    name: 'bench-scale',
    type: 'custom',
    permissions: ['plugin::whatsapp.messages.send'],
    lifespan: null,
  });
  const role = await strapi.db.query('admin::role').findOne({ where: { code: 'strapi-super-admin' } });
  await strapi.service('admin::user').create({ ...admin, firstname: 'Bench', lastname: 'Scale', registrationToken: null, isActive: true, roles: [role.id] });
  return { apiToken: token.accessKey };
}

async function main() {
  const { createStrapi } = require('@strapi/strapi');
  const strapi = createStrapi({ appDir: APP_DIR, distDir: process.env.BENCH_DIST_DIR, autoReload: false, serveAdminPanel: false });
  // Warnings and errors only: a log line per request would cost the instances CPU and flood the output.
  strapi.log.level = 'warn';
  await strapi.load();
  const seeded = process.env.BENCH_SCALE_SEED ? await seed(strapi, JSON.parse(process.env.BENCH_SCALE_SEED)) : {};
  strapi.server.mount();
  await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const plugin = strapi.plugin('whatsapp');
  await plugin.service('runtime').serving();
  process.send({
    type: 'ready',
    url: `http://127.0.0.1:${strapi.server.httpServer.address().port}`,
    // The outbox's claims carry it (locked_by): run.js finds what this instance held when killed.
    outboxInstanceId: plugin.service('outbox').instanceId,
    liveBus: plugin.service('stream').busKind(),
    ...seeded,
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
