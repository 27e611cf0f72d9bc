import type { Core } from '@strapi/strapi';
import type { GetStats } from '../../../shared/contracts/conversations';
import { UID } from '../../../shared/uids';
import { linkTableOf, tableOf } from '../core/db';
import { getService } from '../core/get-service';
import { EVERYTHING, type TenantScope, tenantIdsIn } from '../tenancy/scope';
import { loadRateCard, priceOf, type RateCard } from '../pricing/rate-card';

/**
 * Delivery statistics of outbound messages over a period, grouped by tenant, number, template or
 * automation rule, plus a per-day series for the chart. A message counts once per stage it
 * reached: a read message is also delivered and sent (Meta may skip `delivered` when the message is
 * read at once), so the stage timestamps and the final status are both consulted.
 *
 * Cost (docs/pricing.md): the rate card applied to the pricing Meta's status webhooks stored on each
 * message, by the recipient's country (from its phone) and the category; free types count apart.
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

interface Money {
  billable: number;
  free: number;
  cost: number;
}
const NO_MONEY: Money = { billable: 0, free: 0, cost: 0 };
const roundMoney = (value: number) => Math.round(value * 1e6) / 1e6;

const toCounts = (row: any, money: Money = NO_MONEY): GetStats.Counts => ({
  sent: Number(row?.sent ?? 0),
  delivered: Number(row?.delivered ?? 0),
  read: Number(row?.read ?? 0),
  failed: Number(row?.failed ?? 0),
  total: Number(row?.total ?? 0),
  billable: money.billable,
  free: money.free,
  cost: roundMoney(money.cost),
});

/** Sums of money per key (a group, a day, a month, or '' for the totals). */
class Ledger {
  private readonly sums = new Map<string, Money>();
  add(key: string, kind: 'billable' | 'free' | 'unpriced', n: number, cost: number) {
    const entry = this.sums.get(key) ?? { billable: 0, free: 0, cost: 0 };
    if (kind === 'billable') entry.billable += n;
    if (kind === 'free') entry.free += n;
    entry.cost += cost * n;
    this.sums.set(key, entry);
  }
  get(key: string): Money {
    return this.sums.get(key) ?? NO_MONEY;
  }
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  let card: RateCard | undefined;
  /** Loaded (and validated) once; bootstrap calls it so that a bad card stops the boot. */
  const rateCard = () => (card ??= loadRateCard(getService(strapi, 'runtime').get().config.rateCardFile));

  /** SQL for the UTC day of occurred_at, per database (SQLite keeps datetimes as epoch milliseconds). */
  function dayExpression(): string {
    const client = String((strapi.db as any).dialect?.client ?? strapi.db.config.connection.client);
    if (client.includes('postgres') || client === 'pg') return `to_char(m.occurred_at at time zone 'UTC', 'YYYY-MM-DD')`;
    if (client.includes('mysql')) return `date_format(m.occurred_at, '%Y-%m-%d')`;
    return `strftime('%Y-%m-%d', case when typeof(m.occurred_at) = 'integer' then m.occurred_at / 1000 else m.occurred_at end, case when typeof(m.occurred_at) = 'integer' then 'unixepoch' else null end)`;
  }

  function period(query: ReturnType<typeof GetStats.query.parse>) {
    if (query.month) {
      const [year, month] = query.month.split('-').map(Number);
      return { from: new Date(Date.UTC(year, month - 1, 1)), to: new Date(Date.UTC(year, month, 1) - 1) };
    }
    const to = query.to ? new Date(query.to) : new Date();
    // A date without a time means the whole of that day.
    if (query.to && /^\d{4}-\d{2}-\d{2}$/.test(query.to)) to.setTime(to.getTime() + DAY_MS - 1);
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
    return { from, to };
  }

  return {
    period,
    MAX_PERIOD_DAYS,
    rateCard,

    /** `scope`: a member of tenants counts their tenants' messages only (tenancy/scope.ts). */
    async compute(query: ReturnType<typeof GetStats.query.parse>, scope: TenantScope = EVERYTHING): Promise<GetStats.Response> {
      const { from, to } = period(query);
      const db = knex();
      const messages = tableOf(strapi, UID.message).table;
      const tenantLink = linkTableOf(strapi, UID.message, 'tenant');
      const base = () => {
        const q = db(`${messages} as m`).where('m.direction', 'outbound').whereNot('m.type', 'reaction').whereBetween('m.occurred_at', [from, to]);
        if (!scope.all) {
          q.whereIn('m.id', db(tenantLink.table).select(tenantLink.ownerColumn).whereIn(tenantLink.targetColumn, tenantIdsIn(scope)));
        }
        return q;
      };

      /** The query grouped by the chosen dimension: `group_key` (and `group_label`) in its rows. */
      const grouped = (select: string, extraGroupBy: string[] = []) => {
        if (query.groupBy === 'number' || query.groupBy === 'template') {
          const column = query.groupBy === 'number' ? 'm.business_phone_number_id' : 'm.template_name';
          return base().select(db.raw(`${column} as group_key, ${select}`)).groupByRaw([column, ...extraGroupBy].join(', '));
        }
        const attribute = query.groupBy === 'tenant' ? 'tenant' : 'automation';
        const target = query.groupBy === 'tenant' ? UID.tenant : UID.automation;
        const link = linkTableOf(strapi, UID.message, attribute);
        return base()
          .leftJoin(`${link.table} as l`, `l.${link.ownerColumn}`, 'm.id')
          .leftJoin(`${tableOf(strapi, target).table} as g`, 'g.id', `l.${link.targetColumn}`)
          .select(db.raw(`g.document_id as group_key, g.name as group_label, ${select}`))
          .groupByRaw(['g.document_id', 'g.name', ...extraGroupBy].join(', '));
      };

      // Money: priced messages per group, day, recipient and pricing, then the rate card in JS.
      const cardInForce = rateCard();
      const byGroup = new Ledger();
      const byDate = new Ledger();
      const byMonth = new Ledger();
      const total = new Ledger();
      const defaulted = new Set<string>();
      const pricedRows: any[] = await grouped(
        `${dayExpression()} as day, m.customer_phone as phone, m.customer_wa_id as wa_id, m.pricing_category as category, m.pricing_type as pricing_type, count(*) as n`,
        [dayExpression(), 'm.customer_phone', 'm.customer_wa_id', 'm.pricing_category', 'm.pricing_type'],
      ).whereNotNull('m.pricing_type');
      for (const row of pricedRows) {
        const priced = priceOf(cardInForce, { phone: row.phone ?? row.wa_id, category: row.category, type: row.pricing_type });
        const n = Number(row.n ?? 0);
        if (priced.kind === 'billable' && priced.defaulted) defaulted.add(priced.country ?? 'unknown');
        byGroup.add(String(row.group_key ?? ''), priced.kind, n, priced.cost);
        byDate.add(row.day, priced.kind, n, priced.cost);
        byMonth.add(String(row.day).slice(0, 7), priced.kind, n, priced.cost);
        total.add('', priced.kind, n, priced.cost);
      }

      let groups: GetStats.Group[];
      const rows: any[] = await grouped(countsSql);
      if (query.groupBy === 'number') {
        const numbers = await strapi.db.query(UID.phoneNumber).findMany({
          where: { phoneNumberId: { $in: rows.map((row) => row.group_key).filter(Boolean) } },
          select: ['phoneNumberId', 'displayPhoneNumber', 'verifiedName'],
        });
        const byId = new Map(numbers.map((n: any) => [n.phoneNumberId, n]));
        groups = rows.map((row) => {
          const n: any = row.group_key ? byId.get(row.group_key) : null;
          const label = n ? [n.displayPhoneNumber, n.verifiedName].filter(Boolean).join(' · ') : row.group_key ?? '';
          return { key: row.group_key ?? null, label, ...toCounts(row, byGroup.get(String(row.group_key ?? ''))) };
        });
      } else {
        groups = rows.map((row) => ({
          key: row.group_key ?? null,
          label: (query.groupBy === 'template' ? row.group_key : row.group_label) ?? '',
          ...toCounts(row, byGroup.get(String(row.group_key ?? ''))),
        }));
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
        series.push({ date, ...toCounts(byDay.get(date), byDate.get(date)) });
      }
      const months: GetStats.Response['data']['months'] = [];
      for (const day of series) {
        const month = day.date.slice(0, 7);
        let entry = months[months.length - 1];
        if (!entry || entry.month !== month) {
          entry = { month, ...toCounts(null, byMonth.get(month)) };
          months.push(entry);
        }
        for (const key of ['sent', 'delivered', 'read', 'failed', 'total'] as const) entry[key] += day[key];
      }

      return {
        data: { groups, totals: toCounts(totalsRow, total.get('')), series, months },
        meta: {
          from: from.toISOString(),
          to: to.toISOString(),
          groupBy: query.groupBy,
          currency: cardInForce.currency,
          rateCardAsOf: cardInForce.asOf,
          defaultRateCountries: [...defaulted].sort(),
        },
      };
    },
  };
};
