import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { GetStats } from '../../../../shared/contracts/conversations';
import { ACTIONS } from '../../../../shared/permissions';
import { getService } from '../../core/get-service';
import { validate } from '../../core/validate';

const CSV_COLUMNS = ['total', 'sent', 'delivered', 'read', 'failed', 'billable', 'free', 'cost'] as const;

/** RFC 4180 field: quoted when it holds a comma, quote or line break; formula-looking text defused. */
const csvField = (value: unknown) => {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function statsToCsv(stats: GetStats.Response): string {
  const { groupBy, currency } = stats.meta;
  const lines = [[groupBy, 'key', ...CSV_COLUMNS, 'currency'].join(',')];
  for (const group of stats.data.groups) {
    lines.push([group.label, group.key ?? '', ...CSV_COLUMNS.map((c) => group[c]), currency].map(csvField).join(','));
  }
  lines.push(['Total', '', ...CSV_COLUMNS.map((c) => stats.data.totals[c]), currency].map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** GET /whatsapp/stats: delivery statistics and cost over a period; /stats/export.csv: the same as CSV. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const compute = async (ctx: any) => {
    const query = validate(GetStats.query, ctx.query ?? {});
    const stats = getService(strapi, 'stats');
    const { from, to } = stats.period(query);
    if (from.getTime() > to.getTime()) throw new errors.ValidationError('from must be before to');
    if (to.getTime() - from.getTime() > stats.MAX_PERIOD_DAYS * 86_400_000) {
      throw new errors.ValidationError(`the period may span at most ${stats.MAX_PERIOD_DAYS} days`);
    }
    return stats.compute(query, await getService(strapi, 'tenancy').scopeFor(ctx.state.user, ACTIONS.messagesRead));
  };
  return {
    async get(ctx: any) {
      ctx.body = await compute(ctx);
    },
    async exportCsv(ctx: any) {
      const stats = await compute(ctx);
      const day = (iso: string) => iso.slice(0, 10);
      ctx.set('Content-Type', 'text/csv; charset=utf-8');
      ctx.set('Content-Disposition', `attachment; filename="whatsapp-stats-${stats.meta.groupBy}-${day(stats.meta.from)}-${day(stats.meta.to)}.csv"`);
      ctx.body = statsToCsv(stats);
    },
  };
};
