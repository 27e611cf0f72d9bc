/**
 * A second Strapi instance for tests, in its own process (two Strapis cannot share one process:
 * Strapi keeps itself in a global). Boots the app from dist/ the way tests/helpers/strapi.ts does,
 * with the environment it was given (same database, same secrets), listens on a free loopback
 * port, and tells the parent its URL over IPC; `stop` over IPC destroys it and exits.
 */
const path = require('path');

const APP_DIR = path.resolve(__dirname, '..', '..');

async function main() {
  const { createStrapi } = require('@strapi/strapi');
  const app = createStrapi({ appDir: APP_DIR, distDir: path.join(APP_DIR, 'dist'), autoReload: false, serveAdminPanel: false });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.destroy().catch((error) => console.error(error));
    process.exit(0);
  };
  process.on('message', (message) => {
    if (message === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  await app.load();
  app.server.mount();
  await new Promise((resolve) => app.server.httpServer.listen(0, '127.0.0.1', resolve));
  await app.plugin('whatsapp').service('runtime').serving();
  const { port } = app.server.httpServer.address();
  process.send({ url: `http://127.0.0.1:${port}`, liveBus: app.plugin('whatsapp').service('stream').busKind() });
}

main().catch((error) => {
  console.error(error);
  if (process.send) process.send({ error: String(error && error.message) });
  process.exit(1);
});
