/**
 * A second Strapi process on the database of a running test app, booted the two ways a real one
 * is (tests/offline/offline-world.test.ts starts it with the test app's environment):
 *
 *   node tests/offline/strapi-process.js cli     as `strapi admin:create-user` does: createStrapi().load(),
 *                                                 one admin created, process.exit(0) (no start(), no destroy())
 *   node tests/offline/strapi-process.js server  as `strapi start` does: load() and an HTTP server that
 *                                                 listens (port 0 here), until SIGTERM
 *
 * It reports one JSON line on stdout, prefixed with `REPORT `, with what the WhatsApp plugin did
 * in this process, so the test can check that a CLI boot starts nothing.
 */
const path = require('path');
const crypto = require('crypto');

const APP_DIR = path.resolve(__dirname, '..', '..');
const mode = process.argv[2];

const hash = (value) => (value ? crypto.createHash('sha256').update(value).digest('hex').slice(0, 16) : null);

function report(strapi, extra) {
  const plugin = strapi.plugin('whatsapp');
  const runtime = plugin.service('runtime');
  let state;
  try {
    state = runtime.get();
  } catch {
    state = undefined;
  }
  const facts = {
    mode: state ? state.mode : null,
    sandboxRunning: Boolean(runtime.sandbox()),
    outboxRunning: plugin.service('outbox').isRunning(),
    processorRunning: plugin.service('webhook-processor').isRunning(),
    // Digests only: a secret never leaves the process in clear.
    accessTokenHash: hash(state && state.accessToken),
    appSecretHash: hash(state && state.appSecret),
    businessAccountId: state ? state.businessAccountId : null,
    phoneNumberId: state ? state.phoneNumberId : null,
    ...extra,
  };
  process.stdout.write(`REPORT ${JSON.stringify(facts)}\n`);
}

async function main() {
  const { createStrapi } = require('@strapi/strapi');
  const strapi = createStrapi({ appDir: APP_DIR, distDir: path.join(APP_DIR, 'dist'), autoReload: false, serveAdminPanel: false });
  await strapi.load();

  if (mode === 'cli') {
    // What `strapi admin:create-user` does after load().
    const superAdmin = await strapi.admin.services.role.getSuperAdmin();
    await strapi.admin.services.user.create({
      email: `cli-${Date.now()}@example.com`,
      firstname: 'Cli',
      lastname: 'User',
      isActive: true,
      roles: [superAdmin.id],
      password: 'CliUser12345!',
      registrationToken: null,
    });
    // Give timers a CLI would have started the chance to do harm before the report.
    await new Promise((resolve) => setTimeout(resolve, 500));
    report(strapi, { adminCreated: true });
    process.exit(0);
  }

  if (mode === 'server') {
    strapi.server.mount();
    await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
    await strapi.plugin('whatsapp').service('runtime').serving?.();
    report(strapi, { port: strapi.server.httpServer.address().port });
    process.on('SIGTERM', () => {
      strapi
        .destroy()
        .catch(() => undefined)
        .finally(() => process.exit(0));
    });
    return;
  }

  throw new Error(`unknown mode ${mode}: use cli or server`);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
