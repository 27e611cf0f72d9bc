'use strict';

/**
 * #12: `status` is a reserved attribute name in Strapi v5 (the document service's draft/published
 * parameter; the content manager answers "Invalid status" when a purchase order's `status` is
 * saved). The attributes are now purchase-order `orderStatus` and invoice `invoiceStatus`; this
 * keeps the data of databases made before.
 *
 * When it runs (@strapi/core and @strapi/database 5.54): `Strapi.bootstrap()` loads the new
 * models into `db.metadata` (`db.init`) and then calls `db.schema.sync()`, which begins with
 * `if (await db.migrations.shouldRun()) { await db.migrations.up(); return this.syncSchema(); }`;
 * `db.migrations.up()` runs this folder's files (the user provider, in name order, each in a
 * transaction, recorded in `strapi_migrations`) before the internal provider, where the WhatsApp
 * plugin's own renames run. So the old column is renamed before the schema diff could drop it
 * and add an empty `order_status`, and before the plugin's migration reads automation rules.
 *
 * Idempotent (each step checks first) and a no-op on a new database (no tables yet):
 * 1. the column (`ALTER TABLE … RENAME COLUMN`: values, defaults and NOT NULLs stay);
 * 2. the Content Manager's stored view of the type: the field keeps its place, metadata, main
 *    field and sort; a label that was just `status` becomes the new name;
 * 3. WhatsApp automation rules on these types whose condition, variable mapping, recipient or
 *    tenant path reads `status` (on the type, or through to-one relations to it).
 * The steps are the plugin's own (`renameAttributes`, exported by strapi-plugin-whatsapp's server
 * entry for host migrations such as this one); the renames of host tables are the host's to list.
 */

const { renameAttributes, reversedRenames } = require('strapi-plugin-whatsapp/strapi-server');

const RENAMES = [
  { uid: 'api::purchase-order.purchase-order', from: 'status', to: 'orderStatus' },
  { uid: 'api::invoice.invoice', from: 'status', to: 'invoiceStatus' },
];

const log = (db) => (line) => db.logger.info(`migration: ${line}`);

module.exports = {
  async up(trx, db) {
    await renameAttributes(trx, db, RENAMES, log(db));
  },
  async down(trx, db) {
    await renameAttributes(trx, db, reversedRenames(RENAMES), log(db));
  },
  RENAMES,
};
