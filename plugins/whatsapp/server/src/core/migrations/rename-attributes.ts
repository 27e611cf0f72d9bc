import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/**
 * Renames content-type attributes in a database that already has data, from inside one of
 * Strapi's database migrations (they run in a transaction, before Strapi's schema sync: see
 * core/migrations/index.ts). Idempotent, every step checks first:
 *
 * 1. the column: `ALTER TABLE … RENAME COLUMN old TO new` when the old column is there and the new
 *    one is not (the values, NOT NULLs and indexes stay; the sync then finds the column it
 *    expects and drops nothing). Both there (a half-done earlier attempt): the new column is
 *    filled from the old one where it is empty, and the old one is left to Strapi's sync;
 * 2. the Content Manager's stored view of the type (`strapi_core_store_settings`): the field keeps
 *    its place in the list and edit layouts, its metadata, main field and default sort; a label
 *    that was just the old name becomes the new name;
 * 3. automation rules (`whatsapp_automations`) whose condition, variable mapping, recipient or
 *    tenant path reads the attribute, on the type itself or through to-one relations
 *    (`tenant.phoneNumber.status`).
 *
 * Table and column names come from Strapi's metadata of the current (renamed) schema.
 */

export interface AttributeRename {
  uid: string;
  from: string;
  to: string;
}

type Database = Core.Strapi['db'];
type Log = (message: string) => void;

const CM_CONFIGURATION_KEY = (uid: string) => `plugin_content_manager_configuration_content_types::${uid}`;
const CORE_STORE = 'strapi_core_store_settings';
const AUTOMATION_UID = 'plugin::whatsapp.automation';

const parse = (value: unknown): any => {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
};

const table = (trx: Knex.Transaction, db: Database, name: string) => {
  const schema = db.getSchemaName();
  return schema ? trx(name).withSchema(schema) : trx(name);
};

async function renameColumn(trx: Knex.Transaction, db: Database, rename: AttributeRename, log: Log): Promise<void> {
  if (!db.metadata.has(rename.uid)) return;
  const meta = db.metadata.get(rename.uid);
  const attribute = meta.attributes[rename.to] as { columnName?: string } | undefined;
  const from = db.metadata.identifiers.getColumnName(rename.from);
  const to = attribute?.columnName ?? db.metadata.identifiers.getColumnName(rename.to);
  // A new builder per statement: a knex schema builder runs every statement queued on it.
  const schema = () => db.getSchemaConnection(trx);
  if (!(await schema().hasTable(meta.tableName))) return; // a new database: the sync creates it
  const hasFrom = await schema().hasColumn(meta.tableName, from);
  if (!hasFrom) return; // renamed already (or never had it)
  if (!(await schema().hasColumn(meta.tableName, to))) {
    await schema().alterTable(meta.tableName, (t) => t.renameColumn(from, to));
    log(`${meta.tableName}.${from} renamed to ${to}`);
    return;
  }
  const filled = await table(trx, db, meta.tableName).whereNull(to).whereNotNull(from).update({ [to]: trx.ref(from) });
  log(`${meta.tableName}: both ${from} and ${to} exist; ${filled} empty ${to} filled from ${from}`);
}

const renameLabel = (view: any, from: string, to: string) => {
  if (view && typeof view === 'object' && view.label === from) view.label = to;
};

/** The renamed configuration, or undefined when it has nothing to rename. */
export function renameInConfiguration(configuration: any, from: string, to: string): any | undefined {
  if (!configuration || typeof configuration !== 'object') return undefined;
  let changed = false;
  const metadatas = configuration.metadatas;
  if (metadatas && typeof metadatas === 'object' && from in metadatas) {
    if (!(to in metadatas)) {
      const moved = metadatas[from];
      renameLabel(moved?.edit, from, to);
      renameLabel(moved?.list, from, to);
      metadatas[to] = moved;
    }
    delete metadatas[from];
    changed = true;
  }
  const layouts = configuration.layouts ?? {};
  if (Array.isArray(layouts.list) && layouts.list.includes(from)) {
    layouts.list = layouts.list.map((name: string) => (name === from ? to : name)).filter((name: string, i: number, all: string[]) => all.indexOf(name) === i);
    changed = true;
  }
  if (Array.isArray(layouts.edit)) {
    for (const row of layouts.edit) {
      if (!Array.isArray(row)) continue;
      for (const field of row) {
        if (field && field.name === from) {
          field.name = to;
          changed = true;
        }
      }
    }
  }
  const settings = configuration.settings ?? {};
  for (const key of ['mainField', 'defaultSortBy']) {
    if (settings[key] === from) {
      settings[key] = to;
      changed = true;
    }
  }
  return changed ? configuration : undefined;
}

async function renameInContentManager(trx: Knex.Transaction, db: Database, renames: AttributeRename[], log: Log): Promise<void> {
  if (!(await db.getSchemaConnection(trx).hasTable(CORE_STORE))) return;
  const byUid = new Map<string, AttributeRename[]>();
  for (const rename of renames) byUid.set(rename.uid, [...(byUid.get(rename.uid) ?? []), rename]);
  for (const [uid, list] of byUid) {
    const rows = await table(trx, db, CORE_STORE).select('id', 'value').where('key', CM_CONFIGURATION_KEY(uid));
    for (const row of rows) {
      let configuration = parse(row.value);
      let changed = false;
      for (const { from, to } of list) {
        const renamed = renameInConfiguration(configuration, from, to);
        if (renamed) {
          configuration = renamed;
          changed = true;
        }
      }
      if (!changed) continue;
      await table(trx, db, CORE_STORE).where('id', row.id).update({ value: JSON.stringify(configuration) });
      log(`Content Manager view of ${uid}: ${list.map((r) => `${r.from} → ${r.to}`).join(', ')}`);
    }
  }
}

/**
 * A field path of a rule on `uid` with the renamed attributes' new names: each step is looked up
 * in the model it reaches (to-one relations and components lead on).
 */
export function renamePath(db: Pick<Database, 'metadata'>, uid: string, path: unknown, renames: AttributeRename[]): unknown {
  if (typeof path !== 'string' || path === '') return path;
  const segments = path.split('.');
  let model: string | undefined = uid;
  for (let i = 0; i < segments.length && model; i += 1) {
    const rename = renames.find((r) => r.uid === model && r.from === segments[i]);
    if (rename) segments[i] = rename.to;
    if (!db.metadata.has(model)) break;
    const attribute = db.metadata.get(model).attributes[segments[i]] as { type?: string; target?: string; component?: string } | undefined;
    model = attribute?.type === 'relation' ? attribute.target : attribute?.type === 'component' ? attribute.component : undefined;
  }
  const renamed = segments.join('.');
  return renamed === path ? path : renamed;
}

/** A stored rule with its paths renamed; undefined when none of them changes. */
export function renameInRule(
  db: Pick<Database, 'metadata'>,
  rule: { contentType: string; condition: any; parameterMapping: any; recipientPath: unknown; tenantPath: unknown },
  renames: AttributeRename[]
): { condition: any; parameterMapping: any; recipientPath: unknown; tenantPath: unknown } | undefined {
  const path = (value: unknown) => renamePath(db, rule.contentType, value, renames);
  let changed = false;
  const track = <T>(before: T, after: T) => {
    if (before !== after) changed = true;
    return after;
  };
  const condition = rule.condition && typeof rule.condition === 'object' ? { ...rule.condition } : rule.condition;
  if (condition && typeof condition === 'object') condition.field = track(condition.field, path(condition.field));
  let parameterMapping = rule.parameterMapping;
  if (parameterMapping && typeof parameterMapping === 'object') {
    parameterMapping = Object.fromEntries(
      Object.entries(parameterMapping).map(([slot, source]: [string, any]) => {
        if (!source || typeof source !== 'object' || source.source !== 'field') return [slot, source];
        const next = { ...source, path: track(source.path, path(source.path)) };
        if (source.currencyPath !== undefined) next.currencyPath = track(source.currencyPath, path(source.currencyPath));
        return [slot, next];
      })
    );
  }
  const recipientPath = track(rule.recipientPath, path(rule.recipientPath));
  const tenantPath = track(rule.tenantPath, path(rule.tenantPath));
  return changed ? { condition, parameterMapping, recipientPath, tenantPath } : undefined;
}

async function renameInAutomations(trx: Knex.Transaction, db: Database, renames: AttributeRename[], log: Log): Promise<void> {
  if (!db.metadata.has(AUTOMATION_UID)) return;
  const meta = db.metadata.get(AUTOMATION_UID);
  const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  // A new builder per statement: a knex schema builder runs every statement queued on it.
  const schema = () => db.getSchemaConnection(trx);
  if (!(await schema().hasTable(meta.tableName))) return;
  const fields = ['contentType', 'condition', 'parameterMapping', 'recipientPath', 'tenantPath'];
  for (const field of fields) if (!(await schema().hasColumn(meta.tableName, column(field)))) return;
  const rows = await table(trx, db, meta.tableName).select('id', ...fields.map((field) => `${column(field)} as ${field}`));
  for (const row of rows) {
    const renamed = renameInRule(
      db,
      { contentType: row.contentType, condition: parse(row.condition), parameterMapping: parse(row.parameterMapping), recipientPath: row.recipientPath, tenantPath: row.tenantPath },
      renames
    );
    if (!renamed) continue;
    await table(trx, db, meta.tableName)
      .where('id', row.id)
      .update({
        [column('condition')]: renamed.condition === null || renamed.condition === undefined ? null : JSON.stringify(renamed.condition),
        [column('parameterMapping')]: renamed.parameterMapping === null || renamed.parameterMapping === undefined ? null : JSON.stringify(renamed.parameterMapping),
        [column('recipientPath')]: renamed.recipientPath,
        [column('tenantPath')]: renamed.tenantPath,
      });
    log(`automation rule ${row.id} (${row.contentType}): field paths renamed`);
  }
}

/** Columns, Content Manager views and automation rules: see the comment at the top. */
export async function renameAttributes(trx: Knex.Transaction, db: Database, renames: AttributeRename[], log: Log = () => undefined): Promise<void> {
  for (const rename of renames) await renameColumn(trx, db, rename, log);
  await renameInContentManager(trx, db, renames, log);
  await renameInAutomations(trx, db, renames, log);
}

export const reversed = (renames: AttributeRename[]): AttributeRename[] => renames.map(({ uid, from, to }) => ({ uid, from: to, to: from }));
