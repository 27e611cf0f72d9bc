/**
 * A second Strapi instance for tests/outbound/pair-limit.test.ts: a real Strapi process on the
 * test app's database (started with the test app's environment, so the same database and the
 * same Cloud API sandbox), serving as `strapi start` does. Its outbox worker stays off
 * (WHATSAPP_OUTBOX_ENABLED=false in that environment): the test drives it over IPC, so it can say
 * which instance sends when.
 *
 *   parent → { cmd: 'drain' }   child → { drained: <rows handled> } (or { error })
 *   child → { ready: true } once serving; SIGTERM (or { cmd: 'stop' }) destroys Strapi and exits.
 */
const path = require('path');

const APP_DIR = path.resolve(__dirname, '..', '..');

async function main() {
  const { createStrapi } = require('@strapi/strapi');
  const strapi = createStrapi({ appDir: APP_DIR, distDir: path.join(APP_DIR, 'dist'), autoReload: false, serveAdminPanel: false });
  await strapi.load();
  strapi.server.mount();
  await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  await strapi.plugin('whatsapp').service('runtime').serving();

  const stop = () =>
    strapi
      .destroy()
      .catch(() => undefined)
      .finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('message', async (message) => {
    if (message && message.cmd === 'stop') return stop();
    if (message && message.cmd === 'drain') {
      try {
        process.send({ drained: await strapi.plugin('whatsapp').service('outbox').drain() });
      } catch (error) {
        process.send({ error: String((error && error.stack) || error) });
      }
    }
  });
  process.send({ ready: true });
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
