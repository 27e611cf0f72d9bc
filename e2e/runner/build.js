/**
 * Builds what `strapi start` serves: the plugin (dist/ of plugins/whatsapp) and the admin panel
 * plus the compiled app (dist/ at the root, `strapi build`). The admin build is the slow part
 * (~35 s), so it is skipped when a stamp proves dist/build came from exactly these sources:
 * the stamp holds a hash of every input file and the mtime of dist/build/index.html, so any
 * other build (or `strapi develop`, which deletes dist/build) invalidates it.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { run, strapiBin } = require('./process');

const ROOT = path.resolve(__dirname, '..', '..');
const STAMP = path.join(ROOT, 'dist', '.e2e-build-stamp.json');
const ADMIN_INDEX = path.join(ROOT, 'dist', 'build', 'index.html');

/** Everything that can change the admin bundle or the compiled server. */
const INPUTS = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'favicon.png',
  'config',
  'src',
  'plugins/whatsapp/package.json',
  'plugins/whatsapp/admin',
  'plugins/whatsapp/server',
  'plugins/whatsapp/shared',
  'plugins/whatsapp/sandbox',
];
const SKIP_DIRS = new Set(['node_modules', 'dist', '.cache', '__tests__']);

function listFiles(rel) {
  const abs = path.join(ROOT, rel);
  if (!fs.existsSync(abs)) return [];
  if (fs.statSync(abs).isFile()) return [rel];
  return fs
    .readdirSync(abs, { withFileTypes: true })
    .filter((entry) => !(entry.isDirectory() && SKIP_DIRS.has(entry.name)))
    .flatMap((entry) => listFiles(path.join(rel, entry.name)))
    .sort();
}

function sourceHash() {
  const hash = crypto.createHash('sha256');
  for (const file of INPUTS.flatMap(listFiles)) {
    hash.update(file).update('\0').update(fs.readFileSync(path.join(ROOT, file))).update('\0');
  }
  return hash.digest('hex');
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(STAMP, 'utf8'));
  } catch {
    return undefined;
  }
}

function adminIndexMtime() {
  return fs.existsSync(ADMIN_INDEX) ? fs.statSync(ADMIN_INDEX).mtimeMs : undefined;
}

/** Returns the phases it ran, with their durations in ms, for the run summary. */
async function buildForE2E({ force = false } = {}) {
  const timings = [];
  const hash = sourceHash();
  const stamp = readStamp();
  const pluginBuilt = fs.existsSync(path.join(ROOT, 'plugins/whatsapp/dist/server/index.js'));
  const fresh =
    !force && pluginBuilt && stamp && stamp.hash === hash && stamp.adminIndexMtime === adminIndexMtime();

  if (fresh) {
    console.log('[e2e] build is up to date with the sources: reusing dist/ (E2E_REBUILD=1 forces a build)');
    return timings;
  }

  let started = Date.now();
  // npm run test:all builds the plugin just before and says so, saving a second build.
  if (process.env.E2E_PLUGIN_ALREADY_BUILT !== '1') {
    await run('npm', ['run', 'build:plugin', '--silent'], { cwd: ROOT });
    timings.push(['plugin build', Date.now() - started]);
  }

  started = Date.now();
  await run(process.execPath, [strapiBin(), 'build'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', STRAPI_TELEMETRY_DISABLED: 'true' },
  });
  timings.push(['admin build (strapi build)', Date.now() - started]);

  fs.writeFileSync(STAMP, JSON.stringify({ hash, adminIndexMtime: adminIndexMtime(), builtAt: new Date().toISOString() }));
  return timings;
}

module.exports = { buildForE2E, sourceHash, ROOT };
