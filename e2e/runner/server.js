/**
 * Starts the built app with `strapi start` as a child process, on a fresh temporary SQLite
 * database, on a free loopback port, in offline sandbox mode, with the demo seed (which creates
 * the admin the specs log in with). Every setting is passed explicitly so a developer's .env
 * (Strapi's dotenv never overrides variables that are set) cannot point the run at Meta or at
 * the developer's database.
 */
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { freePort, stop, strapiBin, tail } = require('./process');

const ROOT = path.resolve(__dirname, '..', '..');
/** The log line of src/demo/conversations.ts (DEMO_CONVERSATIONS_READY) once the demo conversations exist. */
const DEMO_CONVERSATIONS_READY = '[demo] Demo conversations ready';

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(undefined));
    req.setTimeout(2000, () => req.destroy());
  });
}

const secret = () => crypto.randomBytes(16).toString('base64');

/** WHATSAPP_* variables cleared so the run is offline whatever the shell or .env says. */
function offlineWhatsAppEnv() {
  const names = Object.keys(process.env).filter((k) => k.startsWith('WHATSAPP_'));
  const cleared = Object.fromEntries(
    [
      ...names,
      'WHATSAPP_ACCESS_TOKEN',
      'WHATSAPP_PHONE_NUMBER_ID',
      'WHATSAPP_BUSINESS_ACCOUNT_ID',
      'WHATSAPP_APP_SECRET',
      'WHATSAPP_WEBHOOK_VERIFY_TOKEN',
      'WHATSAPP_GRAPH_API_URL',
      'WHATSAPP_ENCRYPTION_KEY',
      'WHATSAPP_PUBLIC_URL',
    ].map((k) => [k, ''])
  );
  return { ...cleared, WHATSAPP_OFFLINE_MODE: 'true', ENABLE_WHATSAPP_NOTIFICATIONS: 'true' };
}

/**
 * @returns {Promise<{ url: string, admin: {email: string, password: string}, logFile: string,
 *   bootMs: number, stop: () => Promise<void> }>}
 */
async function startServer({ artifactsDir, admin }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'whatsapp-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(artifactsDir, 'strapi.log');
  const log = fs.openSync(logFile, 'w');

  const env = {
    ...process.env,
    NODE_ENV: 'production',
    STRAPI_TELEMETRY_DISABLED: 'true',
    HOST: '127.0.0.1',
    PORT: String(port),
    APP_KEYS: [secret(), secret()].join(','),
    API_TOKEN_SALT: secret(),
    ADMIN_JWT_SECRET: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    JWT_SECRET: secret(),
    ENCRYPTION_KEY: secret(),
    ADMIN_RATE_LIMIT: 'false',
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: path.join(dataDir, 'e2e.db'),
    DATABASE_URL: '',
    ...offlineWhatsAppEnv(),
    WHATSAPP_DEMO_SEED: 'true',
    DEMO_ADMIN_EMAIL: admin.email,
    DEMO_ADMIN_PASSWORD: admin.password,
  };

  const started = Date.now();
  const child = spawn(process.execPath, [strapiBin(), 'start'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', log, log],
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });

  const shutdown = async () => {
    await stop(child);
    fs.closeSync(log);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = started + Number(process.env.E2E_BOOT_TIMEOUT_MS || 120000);
  for (;;) {
    if (exited) {
      await shutdown();
      throw new Error(`Strapi exited during startup; see ${logFile}:\n${tail(logFile)}`);
    }
    // /_health answers 204 once the server listens, i.e. after bootstrap (and the seed) ran.
    if ((await httpStatus(`${url}/_health`)) === 204) break;
    if (Date.now() > deadline) {
      await shutdown();
      throw new Error(`Strapi did not answer on ${url} in time; see ${logFile}:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  // The demo seed adds its conversations through the sandbox once the server serves
  // (src/demo/conversations.ts): the specs start from the same state a newcomer sees.
  for (;;) {
    const written = fs.readFileSync(logFile, 'utf8');
    if (written.includes(DEMO_CONVERSATIONS_READY)) break;
    const incomplete = /\[demo\] The demo conversations are incomplete.*/.exec(written);
    if (incomplete || exited || Date.now() > deadline) {
      await shutdown();
      throw new Error(`The demo conversations were not seeded (${incomplete ? incomplete[0] : 'no sign in time'}); see ${logFile}:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, admin, logFile, bootMs: Date.now() - started, stop: shutdown };
}

module.exports = { startServer, tail };
