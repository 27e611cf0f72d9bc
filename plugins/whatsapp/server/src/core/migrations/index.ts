import type { Core } from '@strapi/strapi';
import { UID } from '../../../../shared/uids';
import { renameAttributes, reversed, type AttributeRename } from './rename-attributes';

/**
 * The plugin's database migrations. A plugin cannot put files into the host's
 * database/migrations, so they go to Strapi's internal migration provider
 * (`strapi.db.migrations.providers.internal.register`, the way @strapi/core registers its own
 * `5.0.0-discard-drafts` in its registries provider), from `register()`.
 *
 * Why that runs early enough (@strapi/core and @strapi/database 5.54):
 * - `Strapi.bootstrap()` (core/dist/Strapi.js) calls `db.init({ models })` (the new schema's
 *   metadata, nothing written), then `await this.db.schema.sync()`;
 * - `schema.sync()` (database/dist/schema/index.js) starts with
 *   `if (await db.migrations.shouldRun()) { await db.migrations.up(); return this.syncSchema(); }`:
 *   pending migrations run before the diff that would drop the old column and add an empty new
 *   one;
 * - `db.migrations.up()` (database/dist/migrations/index.js) runs the user provider (the host's
 *   database/migrations) and then the internal one; each migration runs in a transaction
 *   (`wrapTransaction`) and is recorded by name in `strapi_migrations_internal`, so it runs once
 *   per database. Plugins' `register()` runs before `bootstrap()`, so the registration is in time.
 *
 * Every migration here is also idempotent by itself (it checks before it changes anything), and a
 * no-op on a new database, where the tables do not exist yet when it runs.
 */

/** #12: attributes named like Strapi v5's reserved `status` (the document service's draft/published parameter). */
export const RESERVED_NAME_RENAMES: AttributeRename[] = [
  { uid: UID.message, from: 'status', to: 'deliveryStatus' },
  { uid: UID.template, from: 'status', to: 'reviewStatus' },
  { uid: UID.phoneNumber, from: 'status', to: 'numberStatus' },
  { uid: UID.webhookEvent, from: 'status', to: 'processingStatus' },
  { uid: UID.pendingStatus, from: 'status', to: 'deliveryStatus' },
];

type Migration = Parameters<Core.Strapi['db']['migrations']['providers']['internal']['register']>[0];

export const MIGRATIONS: Migration[] = [
  {
    name: 'plugin::whatsapp.0001-reserved-attribute-names',
    async up(trx, db) {
      await renameAttributes(trx, db, RESERVED_NAME_RENAMES, (message) => db.logger.info(`[whatsapp] migration: ${message}`));
    },
    async down(trx, db) {
      await renameAttributes(trx, db, reversed(RESERVED_NAME_RENAMES), (message) => db.logger.info(`[whatsapp] migration (down): ${message}`));
    },
  },
];

export function registerMigrations(strapi: Core.Strapi): void {
  for (const migration of MIGRATIONS) strapi.db.migrations.providers.internal.register(migration);
}
