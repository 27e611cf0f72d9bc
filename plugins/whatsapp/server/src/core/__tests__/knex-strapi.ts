/**
 * For unit tests of the plugin's plain-knex services (outbound/claim.ts, inbound/statuses.ts):
 * a minimal `strapi` over a real database, without booting Strapi.
 *
 * `strapi.db` is Strapi's own database layer (@strapi/database) loaded with the plugin's content
 * types, and the tables are created by its schema sync: the table, column and link-table names
 * (whatsapp_messages_tenant_lnk, message_id, locked_by, …) that core/db.ts reads from
 * `strapi.db.metadata` are exactly the ones a running app has, and so are the column types (jsonb,
 * timestamps) the statements run against. Only what these services use is faked: `plugin().service()`
 * (the services a test hands in) and `log`.
 *
 * SQLite: a file in a temporary directory. PostgreSQL: a throwaway database on the local server
 * (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres), dropped after. Like
 * scripts/test-all.js: TEST_POSTGRES=required makes an unreachable server a failure, =skip skips
 * it, unset runs it when the server answers and says loudly that it was skipped otherwise.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Database } from '@strapi/database';
import type { Core } from '@strapi/strapi';
import contentTypes from '../../content-types';
import { newDocumentId } from '../db';

export type Backend = 'sqlite' | 'postgres';

const PG_ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const PG_MODE = (process.env.TEST_POSTGRES || 'auto').toLowerCase();

/** The same check as scripts/test-all.js (connect, select 1, 3 s timeout), run synchronously so `describe.each` can use it. */
function probePostgres(): string | undefined {
  const script = [
    `const { Client } = require(${JSON.stringify(require.resolve('pg'))});`,
    'const client = new Client({ connectionString: process.env.PROBE_URL, connectionTimeoutMillis: 3000 });',
    "client.connect().then(() => client.query('select 1')).then(",
    '  () => client.end().then(() => process.exit(0)),',
    '  (error) => { console.error(error.message); process.exit(1); });',
  ].join('\n');
  const probe = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, PROBE_URL: PG_ADMIN_URL }, encoding: 'utf8', timeout: 10_000 });
  if (probe.status === 0) return undefined;
  return (probe.stderr || probe.error?.message || `exit ${probe.status}`).trim();
}

const redacted = (url: string) => url.replace(/\/\/[^@]*@/, '//…@');

let postgresProblem: string | undefined;

/**
 * The databases to run on, for `describe.each`, and the ones skipped with why (for a
 * `describe.skip`, so the skip shows in jest's summary too). With TEST_POSTGRES=required an
 * unreachable PostgreSQL stays in the list: opening it then fails every test of that half.
 */
export function testBackends(file: string): { run: Backend[]; skipped: Array<{ backend: Backend; reason: string }> } {
  if (PG_MODE === 'skip') return { run: ['sqlite'], skipped: [{ backend: 'postgres', reason: 'TEST_POSTGRES=skip' }] };
  postgresProblem = probePostgres();
  if (!postgresProblem || PG_MODE === 'required') return { run: ['sqlite', 'postgres'], skipped: [] };
  process.stderr.write(
    `\n[${file}] WARNING: the PostgreSQL half of these tests is SKIPPED: PostgreSQL is not reachable at ${redacted(PG_ADMIN_URL)} (${postgresProblem}).\n` +
      `[${file}] Set TEST_POSTGRES=required to make this an error.\n\n`
  );
  return { run: ['sqlite'], skipped: [{ backend: 'postgres', reason: `PostgreSQL not reachable at ${redacted(PG_ADMIN_URL)}` }] };
}

/** The plugin's content types as Strapi hands them to its database layer (transform-content-types-to-models). */
function pluginModels() {
  return Object.entries(contentTypes).map(([name, { schema }]) => {
    const attributes: Record<string, unknown> = {};
    // A media attribute is a morph relation to plugin::upload.file, and a relation to an admin
    // user (a tenant's members) targets admin::user: models not loaded here.
    for (const [attribute, definition] of Object.entries(schema.attributes)) {
      const { type, target } = definition as { type: string; target?: string };
      if (type !== 'media' && !(type === 'relation' && target?.startsWith('admin::'))) attributes[attribute] = definition;
    }
    return {
      uid: `plugin::whatsapp.${name}`,
      singularName: schema.info.singularName,
      tableName: schema.collectionName,
      attributes: {
        id: { type: 'increments' },
        documentId: { type: 'string', default: newDocumentId },
        ...attributes,
        // What Strapi adds to every content type (createdBy/updatedBy point at admin users: left out).
        createdAt: { type: 'datetime' },
        updatedAt: { type: 'datetime' },
        publishedAt: { type: 'datetime' },
      },
      indexes: (schema as { indexes?: unknown[] }).indexes,
      lifecycles: {},
    };
  });
}

export interface KnexStrapi {
  backend: Backend;
  strapi: Core.Strapi;
  /** The knex of `strapi.db.connection`. */
  knex: any;
  /** Empties every plugin table (rows and link rows) between tests. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

const quiet = { debug() {}, info() {}, warn: (m: unknown) => console.warn(m), error: (m: unknown) => console.error(m) };

async function adminQuery(sql: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { Client } = require('pg');
  const admin = new Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * Opens a fresh database and a minimal `strapi` over it. `services` are the plugin services the
 * code under test reaches through `strapi.plugin('whatsapp').service(name)`, built on first use.
 * Strapi's query engine reads the global `strapi` (entity-manager create/update): it is set here.
 */
export async function openKnexStrapi(
  backend: Backend,
  suffix: string,
  services: Record<string, (deps: { strapi: Core.Strapi }) => unknown> = {}
): Promise<KnexStrapi> {
  if (backend === 'postgres' && postgresProblem && PG_MODE === 'required') {
    throw new Error(`TEST_POSTGRES=required but PostgreSQL is not reachable at ${redacted(PG_ADMIN_URL)}: ${postgresProblem}`);
  }
  let dropDatabase = async () => undefined as void;
  let pgUrl: string | undefined;
  if (backend === 'postgres') {
    const name = `whatsapp_unit_${suffix}_${process.pid}_${Date.now()}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
    await adminQuery(`CREATE DATABASE "${name}"`);
    dropDatabase = () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    pgUrl = url.toString();
  }
  // The SQLite file and the (empty) migrations folder Strapi's database layer insists on.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `whatsapp-unit-${suffix}-`));
  const connection = pgUrl
    ? { client: 'postgres', connection: { connectionString: pgUrl }, pool: { min: 0, max: 10 } }
    : { client: 'sqlite', connection: { filename: path.join(scratch, 'data.db') }, useNullAsDefault: true };

  const db = new Database({ connection, settings: { migrations: { dir: path.join(scratch, 'migrations') } }, logger: quiet } as any);
  try {
    await db.init({ models: pluginModels() as any });
    await db.schema.sync();
  } catch (error) {
    await db.destroy().catch(() => undefined);
    await dropDatabase().catch(() => undefined);
    fs.rmSync(scratch, { recursive: true, force: true });
    throw error;
  }

  const instances = new Map<string, unknown>();
  const strapi = {
    db,
    log: quiet,
    plugin(id: string) {
      if (id !== 'whatsapp') throw new Error(`[knex-strapi] no plugin ${id}`);
      return {
        service(name: string) {
          if (!instances.has(name)) {
            const factory = services[name];
            if (!factory) throw new Error(`[knex-strapi] the test did not provide the ${name} service`);
            instances.set(name, factory({ strapi: strapi as unknown as Core.Strapi }));
          }
          return instances.get(name);
        },
      };
    },
  } as unknown as Core.Strapi;
  (global as any).strapi = strapi;

  let names: string[] | undefined;
  const tables = async (): Promise<string[]> => {
    const rows =
      backend === 'postgres'
        ? (await db.connection.raw("select tablename as name from pg_tables where schemaname = current_schema() and tablename like 'whatsapp\\_%'")).rows
        : await db.connection.raw("select name from sqlite_master where type = 'table' and name like 'whatsapp\\_%' escape '\\'");
    return rows.map((row: { name: string }) => row.name);
  };

  return {
    backend,
    strapi,
    knex: db.connection,
    async clear() {
      names ??= await tables();
      // DELETE rather than TRUNCATE: on a handful of rows it is ten times faster on PostgreSQL.
      // Ids keep counting up across tests, like in a live database.
      if (backend === 'postgres') await db.connection.raw(names.map((n) => `DELETE FROM "${n}";`).join('\n'));
      else for (const name of names) await db.connection(name).del();
    },
    async close() {
      if ((global as any).strapi === strapi) delete (global as any).strapi;
      await db.destroy();
      await dropDatabase();
      fs.rmSync(scratch, { recursive: true, force: true });
    },
  };
}
