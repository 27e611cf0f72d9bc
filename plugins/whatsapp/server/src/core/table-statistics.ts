import type { Core } from '@strapi/strapi';
import { UID } from '../../../shared/uids';
import { isPostgres } from './db';

/**
 * PostgreSQL: keeps the planner's statistics of the plugin's tables from lagging far behind
 * their contents, where autovacuum has not (it is off, or behind a burst).
 *
 * Why: the hot statements (the outbox claim, the inbox summaries' refresh, the timeline) are
 * planned from `pg_class` and `pg_statistic`. A database created by Strapi's schema sync starts
 * with indexes that record 0 rows; until a table is analysed, PostgreSQL plans for an empty table
 * whatever it holds, and picked full scans nested in full scans (a summary refresh took 13 s at
 * 2,700 messages, and the pool stalled). Autovacuum normally analyses a table after 10 % of its
 * rows changed; this steps in only well past that (MIN_CHANGES and 20 %), so with autovacuum on it
 * rarely has anything to do. ANALYZE reads a fixed sample (30,000 rows by default), so a pass costs
 * milliseconds to a few hundred at a million rows; instances running it at once cost a second
 * sample, nothing else. A table the database user does not own is skipped by PostgreSQL with a
 * warning.
 */

/** How often the plugin's tables are checked. */
export const STATISTICS_CHECK_MS = 30_000;
/** Changes since the last analysis, at least, before a table is analysed here. */
const MIN_CHANGES = 500;
/** …and as a share of its live rows. */
const CHANGED_SHARE = 0.2;

/** The tables of the plugin's content types and their relations' link tables. */
export function pluginTables(strapi: Core.Strapi): string[] {
  const tables = new Set<string>();
  for (const uid of Object.values(UID)) {
    const meta = strapi.db.metadata.get(uid) as { tableName: string; attributes: Record<string, { joinTable?: { name?: string } }> } | undefined;
    if (!meta) continue;
    tables.add(meta.tableName);
    for (const attribute of Object.values(meta.attributes)) if (attribute.joinTable?.name) tables.add(attribute.joinTable.name);
  }
  return [...tables].sort();
}

/** The plugin's tables whose statistics lag behind their contents. */
export async function staleTables(strapi: Core.Strapi): Promise<string[]> {
  const rows: { relname: string }[] = (
    await strapi.db.connection.raw(
      `select relname from pg_stat_user_tables
        where schemaname = current_schema() and relname = any(?)
          and n_mod_since_analyze >= ? and n_mod_since_analyze > ?::float8 * n_live_tup
        order by relname`,
      [pluginTables(strapi), MIN_CHANGES, CHANGED_SHARE]
    )
  ).rows;
  return rows.map((row) => row.relname);
}

/** One pass: analyses the stale tables; returns their names. */
export async function analyzeStaleTables(strapi: Core.Strapi): Promise<string[]> {
  const stale = await staleTables(strapi);
  for (const table of stale) await strapi.db.connection.raw(`analyze ??`, [table]);
  if (stale.length) strapi.log.debug(`[whatsapp] table statistics refreshed: ${stale.join(', ')}`);
  return stale;
}

/** One check timer per Strapi instance (a test process may hold several). */
const timers = new WeakMap<Core.Strapi, NodeJS.Timeout>();

export function startTableStatistics(strapi: Core.Strapi): void {
  if (!isPostgres(strapi) || timers.has(strapi)) return;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    analyzeStaleTables(strapi)
      .catch((error: Error) => strapi.log.warn(`[whatsapp] could not refresh table statistics: ${error.message}`))
      .finally(() => {
        running = false;
      });
  }, STATISTICS_CHECK_MS);
  timer.unref();
  timers.set(strapi, timer);
}

export function stopTableStatistics(strapi: Core.Strapi): void {
  clearInterval(timers.get(strapi));
  timers.delete(strapi);
}
