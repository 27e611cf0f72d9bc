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
 * The same steps as the plugin's core/migrations/rename-attributes.ts, in plain JavaScript: Strapi
 * requires migration files as they are (no TypeScript), and host tables are the host's to migrate.
 */

const RENAMES = [
  { uid: 'api::purchase-order.purchase-order', from: 'status', to: 'orderStatus' },
  { uid: 'api::invoice.invoice', from: 'status', to: 'invoiceStatus' },
];

const CORE_STORE = 'strapi_core_store_settings';
const AUTOMATIONS = 'plugin::whatsapp.automation';

const parse = (value) => {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
};

const tableOf = (trx, db, name) => {
  const schema = db.getSchemaName();
  return schema ? trx(name).withSchema(schema) : trx(name);
};

async function renameColumn(trx, db, { uid, from, to }) {
  if (!db.metadata.has(uid)) return;
  const meta = db.metadata.get(uid);
  const oldColumn = db.metadata.identifiers.getColumnName(from);
  const newColumn = (meta.attributes[to] && meta.attributes[to].columnName) || db.metadata.identifiers.getColumnName(to);
  // A new builder per statement: a knex schema builder runs every statement queued on it.
  const schema = () => db.getSchemaConnection(trx);
  if (!(await schema().hasTable(meta.tableName))) return;
  if (!(await schema().hasColumn(meta.tableName, oldColumn))) return;
  if (!(await schema().hasColumn(meta.tableName, newColumn))) {
    await schema().alterTable(meta.tableName, (t) => t.renameColumn(oldColumn, newColumn));
    db.logger.info(`migration: ${meta.tableName}.${oldColumn} renamed to ${newColumn}`);
    return;
  }
  // Both there (a half-done earlier attempt): fill the new column, leave the old one to the sync.
  await tableOf(trx, db, meta.tableName).whereNull(newColumn).whereNotNull(oldColumn).update({ [newColumn]: trx.ref(oldColumn) });
}

function renameInConfiguration(configuration, from, to) {
  if (!configuration || typeof configuration !== 'object') return false;
  let changed = false;
  const { metadatas = {}, layouts = {}, settings = {} } = configuration;
  if (from in metadatas) {
    if (!(to in metadatas)) {
      const moved = metadatas[from] || {};
      for (const view of [moved.edit, moved.list]) if (view && view.label === from) view.label = to;
      metadatas[to] = moved;
    }
    delete metadatas[from];
    changed = true;
  }
  if (Array.isArray(layouts.list) && layouts.list.includes(from)) {
    layouts.list = [...new Set(layouts.list.map((name) => (name === from ? to : name)))];
    changed = true;
  }
  for (const row of Array.isArray(layouts.edit) ? layouts.edit : []) {
    for (const field of Array.isArray(row) ? row : []) {
      if (field && field.name === from) {
        field.name = to;
        changed = true;
      }
    }
  }
  for (const key of ['mainField', 'defaultSortBy']) {
    if (settings[key] === from) {
      settings[key] = to;
      changed = true;
    }
  }
  return changed;
}

async function renameInContentManager(trx, db, renames) {
  if (!(await db.getSchemaConnection(trx).hasTable(CORE_STORE))) return;
  for (const uid of new Set(renames.map((r) => r.uid))) {
    const key = `plugin_content_manager_configuration_content_types::${uid}`;
    for (const row of await tableOf(trx, db, CORE_STORE).select('id', 'value').where('key', key)) {
      const configuration = parse(row.value);
      let changed = false;
      for (const { from, to } of renames.filter((r) => r.uid === uid)) changed = renameInConfiguration(configuration, from, to) || changed;
      if (changed) await tableOf(trx, db, CORE_STORE).where('id', row.id).update({ value: JSON.stringify(configuration) });
    }
  }
}

/** A rule's field path with the new names; each step looked up in the model it reaches. */
function renamePath(db, uid, path, renames) {
  if (typeof path !== 'string' || path === '') return path;
  const segments = path.split('.');
  let model = uid;
  for (let i = 0; i < segments.length && model; i += 1) {
    const rename = renames.find((r) => r.uid === model && r.from === segments[i]);
    if (rename) segments[i] = rename.to;
    if (!db.metadata.has(model)) break;
    const attribute = db.metadata.get(model).attributes[segments[i]];
    model = attribute && attribute.type === 'relation' ? attribute.target : attribute && attribute.type === 'component' ? attribute.component : undefined;
  }
  return segments.join('.');
}

async function renameInAutomations(trx, db, renames) {
  if (!db.metadata.has(AUTOMATIONS)) return;
  const meta = db.metadata.get(AUTOMATIONS);
  const column = (attribute) => (meta.attributes[attribute] && meta.attributes[attribute].columnName) || attribute;
  // A new builder per statement: a knex schema builder runs every statement queued on it.
  const schema = () => db.getSchemaConnection(trx);
  if (!(await schema().hasTable(meta.tableName))) return;
  const fields = ['contentType', 'condition', 'parameterMapping', 'recipientPath', 'tenantPath'];
  for (const field of fields) if (!(await schema().hasColumn(meta.tableName, column(field)))) return;
  const rows = await tableOf(trx, db, meta.tableName).select('id', ...fields.map((field) => `${column(field)} as ${field}`));
  for (const row of rows) {
    const path = (value) => renamePath(db, row.contentType, value, renames);
    const condition = parse(row.condition);
    const mapping = parse(row.parameterMapping);
    const next = {
      condition: condition && typeof condition === 'object' ? { ...condition, field: path(condition.field) } : condition,
      parameterMapping:
        mapping && typeof mapping === 'object'
          ? Object.fromEntries(
              Object.entries(mapping).map(([slot, source]) => {
                if (!source || source.source !== 'field') return [slot, source];
                const renamed = { ...source, path: path(source.path) };
                if (source.currencyPath !== undefined) renamed.currencyPath = path(source.currencyPath);
                return [slot, renamed];
              })
            )
          : mapping,
      recipientPath: path(row.recipientPath),
      tenantPath: path(row.tenantPath),
    };
    const json = (value) => (value === null || value === undefined ? null : JSON.stringify(value));
    if (json(next.condition) === json(condition) && json(next.parameterMapping) === json(mapping) && next.recipientPath === row.recipientPath && next.tenantPath === row.tenantPath) {
      continue;
    }
    await tableOf(trx, db, meta.tableName)
      .where('id', row.id)
      .update({
        [column('condition')]: json(next.condition),
        [column('parameterMapping')]: json(next.parameterMapping),
        [column('recipientPath')]: next.recipientPath,
        [column('tenantPath')]: next.tenantPath,
      });
    db.logger.info(`migration: automation rule ${row.id} (${row.contentType}) reads ${renames.map((r) => r.to).join('/')} now`);
  }
}

async function apply(trx, db, renames) {
  for (const rename of renames) await renameColumn(trx, db, rename);
  await renameInContentManager(trx, db, renames);
  await renameInAutomations(trx, db, renames);
}

module.exports = {
  async up(trx, db) {
    await apply(trx, db, RENAMES);
  },
  async down(trx, db) {
    await apply(trx, db, RENAMES.map(({ uid, from, to }) => ({ uid, from: to, to: from })));
  },
  RENAMES,
};
