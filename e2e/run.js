#!/usr/bin/env node
/**
 * `npm run test:e2e [-- <jest args>]`: builds the plugin and the admin (reused when the sources
 * did not change), starts Strapi on a fresh SQLite database in offline sandbox mode with the demo
 * data and a known admin, runs every e2e/**\/*.spec.ts in Debian's Chromium through jest, then
 * stops everything. Screenshots and the server log land in e2e/artifacts/ (git-ignored).
 *
 * E2E_BASE_URL=http://host:port skips build and server and runs the specs against that server
 * (E2E_ADMIN_EMAIL / E2E_ADMIN_PASSWORD must then name an existing admin).
 */
const fs = require('fs');
const path = require('path');
const { buildForE2E, ROOT } = require('./runner/build');
const { startServer, tail } = require('./runner/server');
const { run } = require('./runner/process');
const { CHROMIUM_PATH } = require('./runner/chromium');

const ARTIFACTS = path.join(__dirname, 'artifacts');
const ADMIN = {
  email: process.env.E2E_ADMIN_EMAIL || 'e2e-admin@example.com',
  password: process.env.E2E_ADMIN_PASSWORD || 'E2eAdmin12345!',
};

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * One e2e run at a time per checkout: two runs would rebuild dist/ under each other's server and
 * delete each other's artifacts. A run waits for the one holding the lock (or takes over the
 * lock of a process that died).
 */
const LOCK = path.join(ROOT, 'e2e', 'artifacts', '.run.lock');
async function acquireRunLock() {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  for (let announced = false; ; ) {
    try {
      fs.writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      process.on('exit', () => fs.rmSync(LOCK, { force: true }));
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(LOCK, 'utf8')) || 0;
      let alive = false;
      try {
        alive = holder > 0 && process.kill(holder, 0);
      } catch {}
      if (!alive) {
        fs.rmSync(LOCK, { force: true });
        continue;
      }
      if (!announced) console.log(`[e2e] waiting for the e2e run of process ${holder} to finish…`);
      announced = true;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

function cleanArtifacts() {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const name of fs.readdirSync(ARTIFACTS)) {
    if (name.endsWith('.png') || name.endsWith('.log')) fs.rmSync(path.join(ARTIFACTS, name));
  }
}

async function checkLogin(url) {
  const res = await fetch(`${url}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (res.status !== 200) {
    throw new Error(`the seeded e2e admin cannot log in (${res.status}): is the demo seed running? (src/demo)`);
  }
}

async function main() {
  const jestArgs = process.argv.slice(2);
  const timings = [];
  await acquireRunLock();
  cleanArtifacts();

  let server;
  let url = process.env.E2E_BASE_URL;
  const stopServer = async () => {
    if (server) await server.stop();
    server = undefined;
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => stopServer().finally(() => process.exit(130)));
  }

  try {
    if (!fs.existsSync(CHROMIUM_PATH)) {
      throw new Error(`${CHROMIUM_PATH} not found: install Debian's Chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
    }
    if (!url) {
      timings.push(...(await buildForE2E({ force: process.env.E2E_REBUILD === '1' })));
      server = await startServer({ artifactsDir: ARTIFACTS, admin: ADMIN });
      url = server.url;
      timings.push(['Strapi boot (strapi start → /_health)', server.bootMs]);
      await checkLogin(url);
      console.log(`[e2e] Strapi is up at ${url} (log: ${path.relative(ROOT, server.logFile)})`);
    }

    const started = Date.now();
    await run(
      process.execPath,
      [require.resolve('jest/bin/jest'), '--config', path.join(__dirname, 'jest.config.js'), '--runInBand', ...jestArgs],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          E2E_BASE_URL: url,
          E2E_ADMIN_EMAIL: ADMIN.email,
          E2E_ADMIN_PASSWORD: ADMIN.password,
          E2E_ARTIFACTS: ARTIFACTS,
        },
      }
    );
    timings.push(['e2e specs (jest)', Date.now() - started]);
  } catch (error) {
    console.error(`[e2e] ${error.message}`);
    if (server) console.error(`[e2e] last lines of the Strapi log:\n${tail(server.logFile)}`);
    process.exitCode = 1;
  } finally {
    await stopServer();
    for (const [phase, ms] of timings) console.log(`[e2e] ${phase}: ${seconds(ms)}`);
  }
}

main();
