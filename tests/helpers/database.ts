/**
 * A fresh database per Strapi boot. SQLite: a temporary file (plus its WAL files) removed after.
 * PostgreSQL (DATABASE_CLIENT=postgres): a new database on the local server, dropped after.
 * Connection for PostgreSQL comes from TEST_DATABASE_URL or defaults to the local trust-auth server.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';

export interface TestDatabase {
  env: Record<string, string | undefined>;
  drop(): Promise<void>;
}

const PG_ADMIN_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export async function createTestDatabase(suffix: string): Promise<TestDatabase> {
  if ((process.env.DATABASE_CLIENT || 'sqlite') === 'postgres') return createPostgres(suffix);
  const file = path.join(os.tmpdir(), `whatsapp-test-${suffix}-${Date.now()}.db`);
  return {
    env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file, DATABASE_URL: undefined },
    async drop() {
      for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
    },
  };
}

async function createPostgres(suffix: string): Promise<TestDatabase> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { Client } = require('pg');
  const name = `whatsapp_test_${suffix}_${Date.now()}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    env: {
      DATABASE_CLIENT: 'postgres',
      DATABASE_URL: url.toString(),
      DATABASE_FILENAME: undefined,
      DATABASE_POOL_MIN: '0',
    },
    async drop() {
      const client = new Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
