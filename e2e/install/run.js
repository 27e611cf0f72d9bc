#!/usr/bin/env node
/**
 * The install test (`npm run test:install`, and the 'install into a fresh app' phase of
 * `npm run test:all`): does the packed plugin work in a Strapi app that is not this repository?
 *
 * Packs plugins/whatsapp with `npm pack`, creates a fresh app with `npx create-strapi@<version>`
 * in a temporary directory, adds one content type of its own (api::lead.lead, e2e/install/app-files),
 * installs the tarball, enables the plugin with `whatsapp: { enabled: true }` and nothing else,
 * builds the app, starts the Cloud API sandbox from the installed package (its bin/sandbox.js) as
 * Meta, boots the app with only WHATSAPP_* variables pointing at it (live mode), and checks over
 * HTTP and in Chromium what a new user would try first. Every step is logged with its duration;
 * the first failure stops the run and names its step. Processes and the temporary directory are
 * removed at the end (INSTALL_KEEP=1 keeps the directory). Logs and screenshots: e2e/artifacts/install-*.
 *
 * See e2e/README.md, "Install test".
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFile } = require('child_process');
const { promisify } = require('util');
const {
  Steps,
  check,
  client,
  describe: said,
  freePort,
  log,
  poll,
  randomSecret,
  runLogged,
  seconds,
  sign,
  startService,
  tail,
} = require('./lib');
const { checkAdminInChromium } = require('./browser');

const ROOT = path.resolve(__dirname, '..', '..');
const PLUGIN_DIR = path.join(ROOT, 'plugins', 'whatsapp');
const ARTIFACTS = path.join(ROOT, 'e2e', 'artifacts');
/** The Strapi version the host app is on; the fresh app is created with the same one. */
const STRAPI_VERSION = require(path.join(ROOT, 'package.json')).dependencies['@strapi/strapi'];
const PLUGIN_NAME = require(path.join(PLUGIN_DIR, 'package.json')).name;

/** What `npm run sandbox` (plugins/whatsapp/sandbox/cli.ts, demo.ts) serves: one WABA, five numbers. */
const DEMO = {
  wabaId: '100000000000000',
  phoneNumberIds: ['100000000000001', '100000000000002', '100000000000003', '100000000000004', '100000000000005'],
  apiVersion: 'v25.0',
};
const ADMIN = { firstname: 'Install', lastname: 'Test', email: 'install-test@example.com', password: 'InstallTest12345!' };
const CUSTOMER = { waId: '34611223344', phone: '+34 611 22 33 44', name: 'Ana Install' };
const LEAD = { name: 'Marta Install', phone: '+34 622 33 44 55', digits: '34622334455' };

const execFileAsync = promisify(execFile);

/**
 * Where the temporary app goes: INSTALL_TMPDIR, else /dev/shm when it has room, else the system's
 * temporary directory. The app is about 1.3 GB in some 1,500 packages; on the 2-core build
 * machine's disk, writing it (npm install) and deleting it took minutes each, in memory seconds.
 */
function tempBase() {
  if (process.env.INSTALL_TMPDIR) return path.resolve(process.env.INSTALL_TMPDIR);
  try {
    const { bavail, bsize } = fs.statfsSync('/dev/shm');
    if (bavail * bsize > 4 * 1024 ** 3) return '/dev/shm';
  } catch {
    /* no /dev/shm */
  }
  return os.tmpdir();
}

/**
 * The environment minus everything that could point the fresh app somewhere else: WhatsApp,
 * database and server settings, and what `npm run` adds about this repository (its package, its
 * prefix, its workspaces). npm's own settings (cache, registry, user config) are kept.
 */
function cleanEnv() {
  const env = { ...process.env };
  const drop = [/^WHATSAPP_/, /^DATABASE_/, /^SANDBOX_/, /^E2E_/, /^INSTALL_/, /^TEST_/, /^npm_package_/, /^npm_lifecycle_/, /^npm_config_(local_prefix|call|workspaces?|include_workspace_root)$/];
  for (const key of Object.keys(env)) {
    if (drop.some((re) => re.test(key)) || ['ENABLE_WHATSAPP_NOTIFICATIONS', 'HOST', 'PORT', 'NODE_ENV', 'INIT_CWD', 'npm_command'].includes(key)) {
      delete env[key];
    }
  }
  return { ...env, STRAPI_TELEMETRY_DISABLED: 'true' };
}

async function main() {
  const steps = new Steps();
  const started = Date.now();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const name of fs.readdirSync(ARTIFACTS)) {
    if (name.startsWith('install-')) fs.rmSync(path.join(ARTIFACTS, name));
  }
  const logs = {
    commands: path.join(ARTIFACTS, 'install-commands.log'),
    sandbox: path.join(ARTIFACTS, 'install-sandbox.log'),
    strapi: path.join(ARTIFACTS, 'install-strapi.log'),
  };
  fs.writeFileSync(logs.commands, '');

  // INSTALL_REUSE_APP=<dir of an app kept with INSTALL_KEEP=1>: only the checks run (for working on them).
  const reuse = process.env.INSTALL_REUSE_APP ? path.resolve(process.env.INSTALL_REUSE_APP) : undefined;
  const tmp = reuse ? path.dirname(reuse) : fs.mkdtempSync(path.join(tempBase(), 'whatsapp-install-'));
  const appDir = reuse ?? path.join(tmp, 'app');
  const services = [];
  let cleanedUp = false;
  const cleanup = async () => {
    if (cleanedUp) return;
    cleanedUp = true;
    const cleanupStarted = Date.now();
    for (const service of services.reverse()) await service.stop().catch(() => undefined);
    if (process.env.INSTALL_KEEP === '1' || reuse) log(`the app stays in ${appDir} (INSTALL_REUSE_APP=${appDir} reruns the checks on it)`);
    else fs.rmSync(tmp, { recursive: true, force: true });
    log(`cleanup (processes stopped, ${reuse || process.env.INSTALL_KEEP === '1' ? 'app kept' : `${tmp} removed`}): ${seconds(Date.now() - cleanupStarted)}`);
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      log(`${signal} received: stopping`);
      cleanup().finally(() => process.exit(130));
    });
  }

  const env = cleanEnv();
  const ctx = { tmp, appDir, env, logs, services };
  log(`Strapi ${STRAPI_VERSION}, ${PLUGIN_NAME} from ${path.relative(ROOT, PLUGIN_DIR)}, working in ${tmp}`);

  try {
    if (reuse) {
      log(`INSTALL_REUSE_APP: no pack, create, install or build; the checks run on ${appDir} with a fresh database`);
      fs.rmSync(path.join(appDir, '.tmp'), { recursive: true, force: true });
    } else {
      if (process.env.INSTALL_PLUGIN_ALREADY_BUILT === '1') {
        log('plugin build: skipped, the caller built it (INSTALL_PLUGIN_ALREADY_BUILT=1)');
      } else {
        await steps.run('build the plugin (npm run build:plugin)', () =>
          runLogged('npm', ['run', 'build:plugin', '--silent'], { cwd: ROOT, env: process.env, logFile: logs.commands })
        );
      }
      ctx.tarball = await steps.run('pack the plugin (npm pack)', () => packPlugin(ctx));
      await steps.run(`create a Strapi ${STRAPI_VERSION} app (npx create-strapi@${STRAPI_VERSION})`, () => createApp(ctx));
      await steps.run("add the app's own content type (api::lead.lead) and enable the plugin", () => prepareApp(ctx));
      await steps.run("install the tarball and the app's dependencies (npm install)", () => installApp(ctx));
      await steps.run('build the app (strapi build)', () => buildApp(ctx));
    }
    await steps.run('start the Cloud API sandbox from the installed package (bin/sandbox.js)', () => startSandbox(ctx));
    await steps.run('boot the app with only WHATSAPP_* variables (strapi start)', () => bootApp(ctx));
    await steps.run('create the first admin (POST /admin/register-admin)', () => registerAdmin(ctx));
    await steps.run('overview says live (GET /whatsapp/overview)', () => overviewIsLive(ctx));
    await steps.run("webhook verification answers Meta's challenge (GET /api/whatsapp/webhook)", () => verifyWebhook(ctx));
    await steps.run('numbers sync from the sandbox (POST /whatsapp/phone-numbers/sync)', () => syncNumbers(ctx));
    await steps.run('templates sync from the sandbox (POST /whatsapp/templates/sync)', () => syncTemplates(ctx));
    await steps.run('a webhook signed with the app secret lands in the comms log', () => signedWebhook(ctx));
    await steps.run('a send through POST /api/whatsapp/messages reaches the sandbox and is delivered', () => sendThroughApi(ctx));
    await steps.run("the app's own content type is in the automation picker", () => automationPicker(ctx));
    await steps.run('a rule on api::lead.lead sends its template when a lead is created', () => automationSends(ctx));
    await steps.run('the admin shows the plugin in Chromium (login, overview, automations, picker)', () =>
      checkAdminInChromium({ url: ctx.url, admin: ADMIN, artifacts: ARTIFACTS, ruleName: ctx.ruleName })
    );
  } catch (error) {
    process.exitCode = 1;
    if (!steps.failed) log(`FAILED outside the steps: ${error.stack || error.message}`);
    if (ctx.strapi) console.error(`[install] last lines of the Strapi log (${path.relative(ROOT, logs.strapi)}):\n${tail(logs.strapi)}`);
    if (ctx.sandbox) console.error(`[install] last lines of the sandbox log (${path.relative(ROOT, logs.sandbox)}):\n${tail(logs.sandbox, 15)}`);
  } finally {
    await cleanup();
    steps.summary();
    log(`logs and screenshots: ${path.relative(ROOT, ARTIFACTS)}/install-*`);
    if (steps.failed) {
      log(`FAILED at step "${steps.failed.name}": ${steps.failed.error.message.split('\n')[0]}`);
    } else if (!process.exitCode) {
      log(`passed in ${seconds(Date.now() - started)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Steps: packing, creating, installing and building the fresh app
// ---------------------------------------------------------------------------------------------

async function packPlugin(ctx) {
  const dest = path.join(ctx.tmp, 'pack');
  fs.mkdirSync(dest);
  const { stdout } = await execFileAsync('npm', ['pack', '--json', '--pack-destination', dest], {
    cwd: PLUGIN_DIR,
    env: ctx.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('[')));
  const files = info.files.map((f) => f.path);
  for (const needed of ['package.json', 'dist/server/index.js', 'dist/admin/index.mjs', 'dist/admin/index.js', 'bin/sandbox.js']) {
    check(files.includes(needed), `the tarball lacks ${needed} (files: ${files.slice(0, 12).join(', ')}…)`);
  }
  const stray = files.filter((f) => /^(server|admin|shared|sandbox)\//.test(f) || f.includes('node_modules/'));
  check(stray.length === 0, `the tarball ships sources or dependencies: ${stray.slice(0, 5).join(', ')}`);
  const tarball = path.join(dest, info.filename);
  log(`  ${info.filename}: ${info.entryCount} files, ${(info.size / 1024).toFixed(0)} kB`);
  return tarball;
}

async function createApp(ctx) {
  // --no-install: the dependencies are installed once, together with the tarball (next steps).
  await runLogged(
    'npx',
    [
      '--yes',
      `create-strapi@${STRAPI_VERSION}`,
      ctx.appDir,
      '--no-run',
      '--skip-cloud',
      '--no-git-init',
      '--no-example',
      '--typescript',
      '--use-npm',
      '--skip-db',
      '--no-install',
      '--non-interactive',
    ],
    { cwd: ctx.tmp, env: ctx.env, logFile: ctx.logs.commands, timeoutMs: 5 * 60 * 1000 }
  );
  const pkg = JSON.parse(fs.readFileSync(path.join(ctx.appDir, 'package.json'), 'utf8'));
  check(pkg.dependencies?.['@strapi/strapi'] === STRAPI_VERSION, `create-strapi wrote @strapi/strapi ${pkg.dependencies?.['@strapi/strapi']}, expected ${STRAPI_VERSION}`);
  for (const file of ['config/plugins.ts', 'config/server.ts', 'config/database.ts', 'src/index.ts', '.env']) {
    check(fs.existsSync(path.join(ctx.appDir, file)), `create-strapi did not write ${file}`);
  }
}

async function prepareApp(ctx) {
  fs.cpSync(path.join(__dirname, 'app-files'), ctx.appDir, { recursive: true });
  // Enable the plugin the way its README tells a user to: the one line, no config.
  const pluginsFile = path.join(ctx.appDir, 'config', 'plugins.ts');
  const source = fs.readFileSync(pluginsFile, 'utf8');
  const opening = '=> ({\n';
  check(source.includes(opening), `config/plugins.ts of the fresh app has no "${opening.trim()}" to add the plugin to:\n${source}`);
  fs.writeFileSync(pluginsFile, source.replace(opening, `${opening}  whatsapp: { enabled: true },\n`));
  log('  config/plugins.ts: whatsapp: { enabled: true }');
}

/**
 * better-sqlite3's prebuilt binary is downloaded from GitHub; where that is unreachable npm
 * compiles it (about two minutes on two cores). When the repository's own install holds the same
 * better-sqlite3 version, built for this Node, it is handed to prebuild-install as a local
 * prebuild (its documented `local-prebuilds` option), so the compile is skipped.
 */
function localPrebuilds(ctx) {
  const appPkg = JSON.parse(fs.readFileSync(path.join(ctx.appDir, 'package.json'), 'utf8'));
  const wanted = appPkg.dependencies?.['better-sqlite3'];
  let own;
  try {
    own = require(require.resolve('better-sqlite3/package.json', { paths: [ROOT] }));
  } catch {
    return undefined;
  }
  const binary = path.join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (own.version !== wanted || !fs.existsSync(binary) || process.platform !== 'linux') return undefined;
  const dir = path.join(ctx.tmp, 'prebuilds');
  fs.mkdirSync(dir);
  const name = `better-sqlite3-v${own.version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  require('child_process').execFileSync('tar', ['-czf', path.join(dir, name), '-C', path.join(ROOT, 'node_modules', 'better-sqlite3'), 'build/Release/better_sqlite3.node']);
  log(`  better-sqlite3 ${own.version}: the repository's compiled binary is offered as a local prebuild`);
  return dir;
}

async function installApp(ctx) {
  const prebuilds = localPrebuilds(ctx);
  const install = (freshness) =>
    runLogged('npm', ['install', ctx.tarball, '--no-audit', '--no-fund', freshness, '--loglevel=error'], {
      cwd: ctx.appDir,
      env: { ...ctx.env, ...(prebuilds ? { 'prebuild-install_local-prebuilds': prebuilds } : {}) },
      logFile: ctx.logs.commands,
      timeoutMs: 10 * 60 * 1000,
    });
  try {
    // The npm cache first (fast); its package metadata can be older than a version another
    // package already asks for (seen: "No matching version found for @babel/generator@^7.29.17"
    // the day it was published), so a failure is retried once with metadata fetched afresh.
    await install('--prefer-offline');
  } catch (error) {
    log(`  npm install with cached metadata failed (${String(error.message).split('\n')[0]}); retrying with fresh registry metadata`);
    await install('--prefer-online');
  }
  const installed = path.join(ctx.appDir, 'node_modules', PLUGIN_NAME);
  const pkg = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
  check(!fs.lstatSync(installed).isSymbolicLink(), `${PLUGIN_NAME} is a symlink in the fresh app, not the installed tarball`);
  check(fs.existsSync(path.join(installed, 'dist', 'server', 'index.js')), `${PLUGIN_NAME} was installed without dist/`);
  const spec = JSON.parse(fs.readFileSync(path.join(ctx.appDir, 'package.json'), 'utf8')).dependencies?.[PLUGIN_NAME];
  check(spec && spec.startsWith('file:') && spec.endsWith('.tgz'), `package.json of the fresh app depends on ${PLUGIN_NAME}@${spec}, expected the tarball`);
  // The native module Strapi's SQLite needs actually loads.
  await execFileAsync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"], { cwd: ctx.appDir });
  log(`  ${PLUGIN_NAME}@${pkg.version} installed from ${path.basename(ctx.tarball)}`);
}

async function buildApp(ctx) {
  await runLogged(process.execPath, [strapiBin(ctx), 'build'], {
    cwd: ctx.appDir,
    env: { ...ctx.env, NODE_ENV: 'production' },
    logFile: ctx.logs.commands,
    timeoutMs: 10 * 60 * 1000,
  });
  check(fs.existsSync(path.join(ctx.appDir, 'dist', 'build', 'index.html')), 'strapi build wrote no dist/build/index.html');
  check(fs.existsSync(path.join(ctx.appDir, 'dist', 'src', 'api', 'lead', 'content-types', 'lead', 'schema.json')), 'strapi build did not compile the app\'s own lead content type');
}

const strapiBin = (ctx) => path.join(ctx.appDir, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');

// ---------------------------------------------------------------------------------------------
// Steps: the sandbox as Meta, the app in live mode
// ---------------------------------------------------------------------------------------------

async function startSandbox(ctx) {
  ctx.appPort = await freePort();
  const sandboxPort = await freePort();
  ctx.credentials = {
    accessToken: `install-token-${randomSecret(12)}`,
    appSecret: randomSecret(),
    verifyToken: randomSecret(12),
  };
  const bin = path.join(ctx.appDir, 'node_modules', PLUGIN_NAME, 'bin', 'sandbox.js');
  const sandbox = startService(process.execPath, [bin], {
    cwd: ctx.appDir,
    env: {
      ...ctx.env,
      SANDBOX_PORT: String(sandboxPort),
      WHATSAPP_APP_SECRET: ctx.credentials.appSecret,
      SANDBOX_WEBHOOK_URL: `http://127.0.0.1:${ctx.appPort}/api/whatsapp/webhook`,
    },
    logFile: ctx.logs.sandbox,
  });
  ctx.services.push(sandbox);
  ctx.sandbox = sandbox;
  ctx.sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  await poll('the sandbox to print its URL', (state) => {
    check(!sandbox.exited, `the sandbox exited (${sandbox.exited}):\n${tail(sandbox.logFile)}`);
    state.last = tail(sandbox.logFile, 3);
    return sandbox.output().includes(`sandbox running at ${ctx.sandboxUrl}`);
  }, { timeoutMs: 20000 });
  const waba = await client(ctx.sandboxUrl)('GET', `/${DEMO.apiVersion}/${DEMO.wabaId}`, { token: ctx.credentials.accessToken });
  check(waba.status === 200 && waba.body?.id === DEMO.wabaId, `the sandbox does not serve WABA ${DEMO.wabaId}: ${said(waba)}`);
  log(`  sandbox at ${ctx.sandboxUrl}, webhooks to port ${ctx.appPort}`);
}

async function bootApp(ctx) {
  ctx.url = `http://127.0.0.1:${ctx.appPort}`;
  // Strapi's own basics (where to listen, production) plus the WhatsApp variables of the README's
  // "Configuration"; the database and the secrets are the ones create-strapi wrote into .env.
  const whatsappEnv = {
    WHATSAPP_GRAPH_API_URL: ctx.sandboxUrl,
    WHATSAPP_ACCESS_TOKEN: ctx.credentials.accessToken,
    WHATSAPP_APP_SECRET: ctx.credentials.appSecret,
    WHATSAPP_WEBHOOK_VERIFY_TOKEN: ctx.credentials.verifyToken,
    WHATSAPP_BUSINESS_ACCOUNT_ID: DEMO.wabaId,
    WHATSAPP_PHONE_NUMBER_ID: DEMO.phoneNumberIds[0],
    WHATSAPP_OFFLINE_MODE: 'false',
  };
  log(`  ${Object.keys(whatsappEnv).join(', ')}`);
  const strapi = startService(process.execPath, [strapiBin(ctx), 'start'], {
    cwd: ctx.appDir,
    env: { ...ctx.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(ctx.appPort), ...whatsappEnv },
    logFile: ctx.logs.strapi,
  });
  ctx.services.push(strapi);
  ctx.strapi = strapi;
  const http = client(ctx.url);
  await poll(`Strapi to answer 204 on ${ctx.url}/_health`, async (state) => {
    check(!strapi.exited, `Strapi exited during startup (${strapi.exited})`);
    try {
      const res = await http('GET', '/_health');
      state.last = `HTTP ${res.status}`;
      return res.status === 204;
    } catch (error) {
      state.last = error.message;
      return false;
    }
  }, { timeoutMs: 180000, intervalMs: 500 });
  ctx.http = http;
}

async function registerAdmin(ctx) {
  const init = await ctx.http('GET', '/admin/init');
  check(init.status === 200 && init.body?.data?.hasAdmin === false, `a fresh app should have no admin yet: GET /admin/init ${said(init)}`);
  const res = await ctx.http('POST', '/admin/register-admin', { body: ADMIN });
  check(res.status === 200 || res.status === 201, `POST /admin/register-admin: ${said(res)}`);
  ctx.jwt = res.body?.data?.token;
  check(typeof ctx.jwt === 'string' && ctx.jwt.length > 20, `POST /admin/register-admin answered no token: ${said(res)}`);
  // An API token for the content API (the send route, the lead collection).
  const token = await ctx.http('POST', '/admin/api-tokens', {
    token: ctx.jwt,
    body: { name: 'install-test', description: 'install test', type: 'full-access', lifespan: null },
  });
  check(token.status === 201 || token.status === 200, `POST /admin/api-tokens: ${said(token)}`);
  ctx.apiToken = token.body?.data?.accessKey;
  check(typeof ctx.apiToken === 'string' && ctx.apiToken.length > 20, `POST /admin/api-tokens answered no accessKey: ${said(token)}`);
}

const admin = (ctx, method, p, body) => ctx.http(method, p, { token: ctx.jwt, body });
const content = (ctx, method, p, body) => ctx.http(method, p, { token: ctx.apiToken, body });

async function overviewIsLive(ctx) {
  const res = await admin(ctx, 'GET', '/whatsapp/overview');
  check(res.status === 200, `GET /whatsapp/overview: ${said(res)}`);
  const { mode, masterAccount, defaultNumber } = res.body.data;
  check(
    mode === 'live',
    mode === 'offline'
      ? "mode is 'offline', expected 'live': the plugin did not pick up WHATSAPP_ACCESS_TOKEN and the other WHATSAPP_* variables " +
          'from the environment (the fresh app enables it with `whatsapp: { enabled: true }` and passes no config)'
      : `mode is '${mode}', expected 'live' (${said(res)})`
  );
  check(masterAccount?.wabaId === DEMO.wabaId, `master account ${JSON.stringify(masterAccount)}, expected WABA ${DEMO.wabaId} from WHATSAPP_BUSINESS_ACCOUNT_ID`);
  check(defaultNumber?.phoneNumberId === DEMO.phoneNumberIds[0], `default number ${JSON.stringify(defaultNumber)}, expected ${DEMO.phoneNumberIds[0]} from WHATSAPP_PHONE_NUMBER_ID`);
  check(!/offline (sandbox )?mode/i.test(ctx.strapi.output()), 'the Strapi log mentions offline mode although the app runs live');
  log(`  mode live, master WABA ${masterAccount.wabaId}, default number ${defaultNumber.phoneNumberId}`);
}

async function verifyWebhook(ctx) {
  const challenge = String(Date.now());
  const q = (token) => `/api/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=${challenge}`;
  const ok = await ctx.http('GET', q(ctx.credentials.verifyToken));
  check(ok.status === 200 && ok.text === challenge, `the verify token from WHATSAPP_WEBHOOK_VERIFY_TOKEN is refused: ${said(ok)}`);
  const wrong = await ctx.http('GET', q('not-the-token'));
  check(wrong.status === 403, `a wrong verify token should get 403: ${said(wrong)}`);
}

async function syncNumbers(ctx) {
  const res = await admin(ctx, 'POST', '/whatsapp/phone-numbers/sync', {});
  check(res.status === 200, `POST /whatsapp/phone-numbers/sync: ${said(res)}`);
  const accounts = res.body.data.accounts;
  check(accounts.length > 0 && accounts.every((a) => a.ok), `the sync failed: ${JSON.stringify(accounts)}`);
  const list = await admin(ctx, 'GET', '/whatsapp/phone-numbers');
  check(list.status === 200, `GET /whatsapp/phone-numbers: ${said(list)}`);
  const ids = list.body.data.map((n) => n.phoneNumberId);
  const missing = DEMO.phoneNumberIds.filter((id) => !ids.includes(id));
  check(missing.length === 0, `numbers ${missing.join(', ')} of the sandbox are not listed after the sync (listed: ${ids.join(', ')})`);
  check(
    ctx.sandbox.output().includes(`GET /${DEMO.apiVersion}/${DEMO.wabaId}/phone_numbers -> 200`),
    'the sandbox log shows no GET of the phone numbers: the sync did not reach the sandbox'
  );
  log(`  ${ids.length} numbers: ${ids.join(', ')}`);
}

async function syncTemplates(ctx) {
  const res = await admin(ctx, 'POST', '/whatsapp/templates/sync', {});
  check(res.status === 200, `POST /whatsapp/templates/sync: ${said(res)}`);
  const list = await admin(ctx, 'GET', '/whatsapp/templates?pageSize=100');
  check(list.status === 200, `GET /whatsapp/templates: ${said(list)}`);
  const approved = (name, language) => list.body.data.some((t) => t.name === name && t.language === language && t.status === 'APPROVED');
  for (const [name, language] of [['hello_world', 'en_US'], ['order_ready', 'en']]) {
    check(approved(name, language), `template ${name} (${language}) is not listed as APPROVED after the sync`);
  }
  log(`  ${list.body.data.length} templates`);
}

async function signedWebhook(ctx) {
  const wamid = `wamid.install${Date.now().toString(36)}`;
  const text = 'Hello from a fresh install';
  const payload = {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: DEMO.wabaId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '34600000001', phone_number_id: DEMO.phoneNumberIds[0] },
              contacts: [{ profile: { name: CUSTOMER.name }, wa_id: CUSTOMER.waId }],
              messages: [{ from: CUSTOMER.waId, id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
            },
          },
        ],
      },
    ],
  };
  const raw = JSON.stringify(payload);
  const headers = { 'content-type': 'application/json' };
  const forged = await ctx.http('POST', '/api/whatsapp/webhook', { raw, headers: { ...headers, 'x-hub-signature-256': sign('not-the-app-secret', raw) } });
  check(forged.status === 401, `a webhook signed with another secret should get 401: ${said(forged)}`);
  const res = await ctx.http('POST', '/api/whatsapp/webhook', { raw, headers: { ...headers, 'x-hub-signature-256': sign(ctx.credentials.appSecret, raw) } });
  check(res.status === 200, `the signed webhook was refused: ${said(res)}`);
  const message = await poll(`message ${wamid} in GET /whatsapp/messages?direction=inbound`, async (state) => {
    const list = await admin(ctx, 'GET', '/whatsapp/messages?direction=inbound');
    state.last = said(list);
    return list.status === 200 && list.body.data.find((m) => m.wamid === wamid);
  });
  check(message.body === text, `the stored message has body ${JSON.stringify(message.body)}, expected ${JSON.stringify(text)}`);
  check(message.status === 'received', `the inbound message has status ${message.status}, expected received`);
  log(`  ${wamid} stored as ${message.documentId} (${message.type}, ${message.status})`);
}

/** Waits until the comms-log row (GET /api/whatsapp/messages/:documentId, the content API's MessageDto) has a wamid and the sandbox's status webhooks moved it to delivered (or read). */
async function waitDelivered(ctx, documentId) {
  const message = await poll(`message ${documentId} to reach delivered`, async (state) => {
    const res = await content(ctx, 'GET', `/api/whatsapp/messages/${documentId}`);
    state.last = res.status === 200 ? { status: res.body.data.status, wamid: res.body.data.wamid, error: res.body.data.error } : said(res);
    check(res.status !== 200 || res.body.data.status !== 'failed', `the message failed: ${JSON.stringify(res.body?.data?.error)}`);
    return res.status === 200 && ['delivered', 'read'].includes(res.body.data.status) && res.body.data;
  }, { timeoutMs: 45000 });
  check(message.deliveredAt, `the message is ${message.status} but has no delivered time`);
  check(
    ctx.sandbox.output().includes(`send template ${message.wamid} to`),
    `the sandbox log has no send of ${message.wamid}: the message did not go through the sandbox`
  );
  return message;
}

async function sendThroughApi(ctx) {
  const res = await content(ctx, 'POST', '/api/whatsapp/messages', {
    to: CUSTOMER.phone,
    type: 'template',
    template: { name: 'hello_world', language: 'en_US' },
  });
  check(res.status === 202, `POST /api/whatsapp/messages: ${said(res)}`);
  const message = await waitDelivered(ctx, res.body.data.documentId);
  log(`  ${message.documentId}: ${message.wamid}, ${message.status}`);
}

async function automationPicker(ctx) {
  const res = await admin(ctx, 'GET', '/whatsapp/automations/content-types');
  check(res.status === 200, `GET /whatsapp/automations/content-types: ${said(res)}`);
  const lead = res.body.data.find((t) => t.uid === 'api::lead.lead');
  check(lead, `api::lead.lead is not offered (offered: ${res.body.data.map((t) => t.uid).join(', ')})`);
  check(lead.displayName === 'Lead', `api::lead.lead is shown as ${JSON.stringify(lead.displayName)}, expected "Lead"`);
  for (const field of ['name', 'phone', 'source']) {
    check(lead.fields.some((f) => f.name === field), `the picker offers no ${field} field of Lead (fields: ${lead.fields.map((f) => f.name).join(', ')})`);
  }
}

async function automationSends(ctx) {
  ctx.ruleName = 'Welcome a new lead';
  const rule = await admin(ctx, 'POST', '/whatsapp/automations', {
    name: ctx.ruleName,
    enabled: true,
    contentType: 'api::lead.lead',
    event: 'created',
    recipientPath: 'phone',
    templateName: 'order_ready',
    language: 'en',
    parameterMapping: {
      'body.1': { source: 'field', path: 'name' },
      'body.2': { source: 'fixed', value: 'L-1001' },
    },
  });
  check(rule.status === 200 || rule.status === 201, `POST /whatsapp/automations: ${said(rule)}`);
  const ruleId = rule.body.data.documentId;

  const lead = await content(ctx, 'POST', '/api/leads', { data: { name: LEAD.name, phone: LEAD.phone, source: 'fair' } });
  check(lead.status === 200 || lead.status === 201, `POST /api/leads (the app's own content API): ${said(lead)}`);
  const leadId = lead.body.data.documentId;

  const run = await poll(`rule ${ruleId} to send for lead ${leadId}`, async (state) => {
    const activity = await admin(ctx, 'GET', `/whatsapp/automations/${ruleId}/activity`);
    state.last = activity.status === 200 ? activity.body.data : said(activity);
    return activity.status === 200 && activity.body.data.messages.find((m) => m.sourceDocumentId === leadId);
  });
  check(run.sourceUid === 'api::lead.lead', `the rule's message points at ${run.sourceUid}, expected api::lead.lead`);
  const message = await waitDelivered(ctx, run.documentId);
  check(message.templateName === 'order_ready' && message.templateLanguage === 'en', `the rule sent ${message.templateName} (${message.templateLanguage}), expected order_ready (en)`);
  check(message.customerPhone?.replace(/\D/g, '') === LEAD.digits, `the rule sent to ${message.customerPhone}, expected the lead's phone ${LEAD.phone}`);
  check(
    JSON.stringify(message.templateParameters ?? '').includes(LEAD.name),
    `the template parameters ${JSON.stringify(message.templateParameters)} do not carry the lead's name`
  );
  log(`  lead ${leadId} → ${message.templateName} to ${message.customerPhone}: ${message.wamid}, ${message.status}`);
}

main();
