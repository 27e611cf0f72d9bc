#!/usr/bin/env node
/**
 * `npm run test:all`: every test there is, one phase after another, with a duration summary.
 *   1. plugin build (once)
 *   2. typecheck (npm run typecheck: host app, plugin server and admin, admin tests)
 *   3. jest (unit + API tests) on SQLite
 *   4. jest again on PostgreSQL (DATABASE_CLIENT=postgres; server from TEST_DATABASE_URL, default
 *      postgres://postgres@127.0.0.1:5432/postgres). TEST_POSTGRES=required (set by .ci/run) makes an
 *      unreachable server a failure; =skip skips it; unset runs it when the server answers and
 *      otherwise says loudly that it was skipped.
 *   5. admin component tests (npm run test:admin: React components in jsdom, fetch stubbed)
 *   6. browser tests (npm run test:e2e)
 *   7. the packed plugin installed into a fresh create-strapi app (npm run test:install)
 * All phases run even when one fails (one run shows every problem); the exit code is 1 if any failed.
 */
const path = require('path');
const { spawn } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const PG_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const results = [];

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}

async function phase(name, fn) {
  console.log(`\n[test:all] ── ${name}`);
  const started = Date.now();
  const outcome = await fn();
  const seconds = (Date.now() - started) / 1000;
  const status = outcome === true ? 'passed' : outcome === false ? 'FAILED' : outcome;
  results.push({ name, status, seconds });
  return outcome === true;
}

async function postgresReachable() {
  const { Client } = require('pg');
  const client = new Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    console.log(`[test:all] PostgreSQL not reachable at ${PG_URL.replace(/\/\/[^@]*@/, '//…@')}: ${error.message}`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const jest = [require.resolve('jest/bin/jest'), '--runInBand'];

async function main() {
  const mode = (process.env.TEST_POSTGRES || 'auto').toLowerCase();

  if (!(await phase('plugin build', () => run('npm', ['run', 'build:plugin', '--silent'])))) {
    return finish();
  }
  await phase('typecheck', () => run('npm', ['run', 'typecheck', '--silent']));
  // Tests that are about PostgreSQL itself (two instances on one database, LISTEN/NOTIFY) boot on
  // it whatever DATABASE_CLIENT says: they run once, in the PostgreSQL pass.
  const postgresOnly = ['tests/inbox/live-instances\\.test\\.ts', 'tests/instances/takeover\\.test\\.ts', 'tests/instances/table-statistics\\.test\\.ts'];
  await phase('jest on SQLite', () =>
    run(process.execPath, [...jest, '--testPathIgnorePatterns', ...postgresOnly], { DATABASE_CLIENT: 'sqlite' })
  );

  await phase('jest on PostgreSQL', async () => {
    if (mode === 'skip') return 'skipped (TEST_POSTGRES=skip)';
    if (!(await postgresReachable())) {
      if (mode === 'required') {
        console.error('[test:all] TEST_POSTGRES=required but PostgreSQL is not reachable: failing.');
        return false;
      }
      console.warn('[test:all] WARNING: the PostgreSQL pass is SKIPPED (server not reachable). Set TEST_POSTGRES=required to make this an error.');
      return 'SKIPPED (PostgreSQL not reachable)';
    }
    return run(process.execPath, jest, { DATABASE_CLIENT: 'postgres', TEST_DATABASE_URL: PG_URL });
  });

  await phase('admin component tests', () => run('npm', ['run', 'test:admin', '--silent']));

  await phase('browser tests (e2e)', () =>
    run(process.execPath, [path.join(ROOT, 'e2e', 'run.js')], { E2E_PLUGIN_ALREADY_BUILT: '1' })
  );
  // The packed plugin in a fresh create-strapi app, live against the sandbox.
  await phase('install into a fresh app', () =>
    run(process.execPath, [path.join(ROOT, 'e2e', 'install', 'run.js')], { INSTALL_PLUGIN_ALREADY_BUILT: '1' })
  );
  return finish();
}

function finish() {
  console.log('\n[test:all] summary');
  for (const { name, status, seconds } of results) {
    console.log(`[test:all]   ${name.padEnd(26)} ${status.padEnd(36)} ${seconds.toFixed(1)} s`);
  }
  const failed = results.some((r) => r.status === 'FAILED');
  console.log(`[test:all] ${failed ? 'FAILED' : 'all passed'}`);
  process.exitCode = failed ? 1 : 0;
}

main();
