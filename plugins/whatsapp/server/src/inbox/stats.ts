import type { Core } from '@strapi/strapi';
import type { GetStats } from '../../../shared/contracts/conversations';
import { UID } from '../../../shared/uids';
import { linkTableOf, tableOf } from '../core/db';
import { EVERYTHING, type TenantScope } from '../tenancy/scope';

/**
 * Delivery statistics of outbound messages over a period, grouped by tenant, number, template or
 * automation rule, plus a per-day series for the chart. A message counts once per stage it
 * reached: a read message is also delivered and sent (Meta may skip `delivered` when the message is
 * read at once), so the stage timestamps and the final status are both consulted.
 */

const DAY_MS = 86_400_000;
const DEFAULT_PERIOD_DAYS = 30;
const MAX_PERIOD_DAYS = 366;

const REACHED = {
  sent: "(m.sent_at is not null or m.delivery_status in ('sent', 'delivered', 'read', 'played'))",
  delivered: "(m.delivered_at is not null or m.delivery_status in ('delivered', 'read', 'played'))",
  read: "(m.read_at is not null or m.delivery_status in ('read', 'played'))",
  failed: "(m.delivery_status = 'failed')",
};

const countsSql = Object.entries(REACHED)
  .map(([name, condition]) => `sum(case when ${condition} then 1 else 0 end) as ${name}`)
  .concat('count(*) as total')
  .join(', ');

const toCounts = (row: any): GetStats.Counts => ({
  sent: Number(row?.sent ?? 0),
  delivered: Number(row?.delivered ?? 0),
  read: Number(row?.read ?? 0),
  failed: Number(row?.failed ?? 0),
  total: Number(row?.total ?? 0),
});

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  /** SQL for the UTC day of occurred_at, per database (SQLite keeps datetimes as epoch milliseconds). */
  function dayExpression(): string {
    const client = String((strapi.db as any).dialect?.client ?? strapi.db.config.connection.client);
    if (client.includes('postgres') || client === 'pg') return `to_char(m.occurred_at at time zone 'UTC', 'YYYY-MM-DD')`;
    if (client.includes('mysql')) return `date_format(m.occurred_at, '%Y-%m-%d')`;
    return `strftime('%Y-%m-%d', case when typeof(m.occurred_at) = 'integer' then m.occurred_at / 1000 else m.occurred_at end, case when typeof(m.occurred_at) = 'integer' then 'unixepoch' else null end)`;
  }

  function period(query: ReturnType<typeof GetStats.query.parse>) {
    const to = query.to ? new Date(query.to) : new Date();
    // A date without a time means the whole of that day.
    if (query.to && /^\d{4}-\d{2}-\d{2}$/.test(query.to)) to.setTime(to.getTime() + DAY_MS - 1);
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
    return { from, to };
  }

  return {
    period,
    MAX_PERIOD_DAYS,

    /** `scope`: a member of tenants counts their tenants' messages only (tenancy/scope.ts). */
    async compute(query: ReturnType<typeof GetStats.query.parse>, scope: TenantScope = EVERYTHING): Promise<GetStats.Response> {
      const { from, to } = period(query);
      const db = knex();
      const messages = tableOf(strapi, UID.message).table;
      const tenantLink = linkTableOf(strapi, UID.message, 'tenant');
      const base = () => {
        const q = db(`${messages} as m`).where('m.direction', 'outbound').whereNot('m.type', 'reaction').whereBetween('m.occurred_at', [from, to]);
        if (!scope.all) {
          q.whereIn('m.id', db(tenantLink.table).select(tenantLink.ownerColumn).whereIn(tenantLink.targetColumn, scope.tenantIds.length ? scope.tenantIds : [-1]));
        }
        return q;
      };

      let groups: GetStats.Group[];
      if (query.groupBy === 'number') {
        const rows: any[] = await base().select(db.raw(`m.business_phone_number_id as group_key, ${countsSql}`)).groupBy('m.business_phone_number_id');
        const numbers = await strapi.db.query(UID.phoneNumber).findMany({
          where: { phoneNumberId: { $in: rows.map((row) => row.group_key).filter(Boolean) } },
          select: ['phoneNumberId', 'displayPhoneNumber', 'verifiedName'],
        });
        const byId = new Map(numbers.map((n: any) => [n.phoneNumberId, n]));
        groups = rows.map((row) => {
          const n: any = row.group_key ? byId.get(row.group_key) : null;
          return { key: row.group_key ?? null, label: n ? [n.displayPhoneNumber, n.verifiedName].filter(Boolean).join(' · ') : row.group_key ?? '', ...toCounts(row) };
        });
      } else if (query.groupBy === 'template') {
        const rows: any[] = await base().select(db.raw(`m.template_name as group_key, ${countsSql}`)).groupBy('m.template_name');
        groups = rows.map((row) => ({ key: row.group_key ?? null, label: row.group_key ?? '', ...toCounts(row) }));
      } else {
        const attribute = query.groupBy === 'tenant' ? 'tenant' : 'automation';
        const target = query.groupBy === 'tenant' ? UID.tenant : UID.automation;
        const link = linkTableOf(strapi, UID.message, attribute);
        const rows: any[] = await base()
          .leftJoin(`${link.table} as l`, `l.${link.ownerColumn}`, 'm.id')
          .leftJoin(`${tableOf(strapi, target).table} as g`, 'g.id', `l.${link.targetColumn}`)
          .select(db.raw(`g.document_id as group_key, g.name as group_label, ${countsSql}`))
          .groupBy('g.document_id', 'g.name');
        groups = rows.map((row) => ({ key: row.group_key ?? null, label: row.group_label ?? '', ...toCounts(row) }));
      }
      groups.sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));

      const [totalsRow] = await base().select(db.raw(countsSql));
      const dayRows: any[] = await base()
        .select(db.raw(`${dayExpression()} as day, ${countsSql}`))
        .groupByRaw(dayExpression())
        .orderBy('day', 'asc');
      const byDay = new Map(dayRows.map((row) => [row.day, row]));
      const series: GetStats.Response['data']['series'] = [];
      for (let t = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()); t <= to.getTime(); t += DAY_MS) {
        const date = new Date(t).toISOString().slice(0, 10);
        series.push({ date, ...toCounts(byDay.get(date)) });
      }

      return {
        data: { groups, totals: toCounts(totalsRow), series },
        meta: { from: from.toISOString(), to: to.toISOString(), groupBy: query.groupBy },
      };
    },
  };
};
