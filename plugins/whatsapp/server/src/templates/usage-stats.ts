import type { Core } from '@strapi/strapi';
import type { TemplateStats } from '../../../shared/contracts/templates';
import { UID } from '../../../shared/uids';

/**
 * Usage statistics per template, counted from the comms log (`whatsapp_messages`): an outbound
 * message belongs to a template through its `template` relation, or, when a sender only recorded
 * Meta's name and language, through `templateName` + `templateLanguage`. One grouped query for
 * any number of templates, so the list page does not run a query per row.
 */

export interface StatsKey {
  id: number;
  name: string;
  language: string;
}

const SENT = new Set(['sent', 'delivered', 'read', 'played']);
const DELIVERED = new Set(['delivered', 'read', 'played']);
const READ = new Set(['read', 'played']);

export const emptyStats = (): TemplateStats => ({ total: 0, sent: 0, delivered: 0, read: 0, failed: 0 });

export async function templateStats(strapi: Core.Strapi, templates: StatsKey[]): Promise<Map<number, TemplateStats>> {
  const result = new Map<number, TemplateStats>(templates.map((t) => [t.id, emptyStats()]));
  if (templates.length === 0) return result;

  const meta = strapi.db.metadata.get(UID.message);
  const status = `m.${(meta.attributes as any).deliveryStatus.columnName}`;
  const link = (meta.attributes as any).template?.joinTable;
  const table = meta.tableName;
  const knex = strapi.db.connection;
  const ids = templates.map((t) => t.id);
  const names = [...new Set(templates.map((t) => t.name))];

  const query = knex(`${table} as m`)
    .select('m.template_name as name', 'm.template_language as language', `${status} as status`)
    .count({ count: '*' })
    .where('m.direction', 'outbound');
  if (link) {
    query
      .select(`l.${link.inverseJoinColumn.name} as template_id`)
      .leftJoin(`${link.name} as l`, `l.${link.joinColumn.name}`, 'm.id')
      .where((where) => where.whereIn(`l.${link.inverseJoinColumn.name}`, ids).orWhereIn('m.template_name', names))
      .groupBy(`l.${link.inverseJoinColumn.name}`);
  } else {
    query.whereIn('m.template_name', names);
  }
  query.groupBy('m.template_name', 'm.template_language', status);

  const rows: Array<{ name: string | null; language: string | null; status: string; count: number | string; template_id?: number | null }> =
    await query;
  for (const row of rows) {
    const owner =
      (row.template_id != null && result.has(Number(row.template_id)) ? Number(row.template_id) : undefined) ??
      templates.find((t) => row.template_id == null && t.name === row.name && t.language === row.language)?.id;
    if (owner === undefined) continue;
    const stats = result.get(owner)!;
    const count = Number(row.count);
    stats.total += count;
    if (SENT.has(row.status)) stats.sent += count;
    if (DELIVERED.has(row.status)) stats.delivered += count;
    if (READ.has(row.status)) stats.read += count;
    if (row.status === 'failed') stats.failed += count;
  }
  return result;
}
