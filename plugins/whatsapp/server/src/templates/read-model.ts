import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { ListTemplates, TemplateDetail, TemplateStats, TemplateSummary } from '../../../shared/contracts/templates';
import { readButtons, readExamples } from '../../../shared/templates';
import { UID } from '../../../shared/uids';
import { emptyStats, templateStats } from './usage-stats';

/**
 * Templates as the admin reads them: the list with filters and paging, one template, and the
 * usage statistics of each (counted from the comms log, usage-stats.ts). Nothing here talks to Meta.
 */

export type AccountRow = { id: number; documentId: string; name?: string | null; wabaId: string; isMaster?: boolean; [k: string]: unknown };
export type TemplateRow = Record<string, any> & { id: number; documentId: string; account?: AccountRow | null };

export const summaryAccount = (account?: AccountRow | null) =>
  account ? { documentId: account.documentId, name: account.name ?? null, wabaId: account.wabaId } : null;

export function toSummary(row: TemplateRow, stats: TemplateStats = emptyStats()): TemplateSummary {
  const date = (value: unknown) => (value ? new Date(value as string).toISOString() : null);
  return {
    documentId: row.documentId,
    name: row.name,
    language: row.language,
    category: row.category,
    previousCategory: row.previousCategory ?? null,
    status: row.reviewStatus,
    parameterFormat: row.parameterFormat ?? 'POSITIONAL',
    parameterCount: row.parameterCount ?? 0,
    qualityScore: row.qualityScore ?? null,
    rejectionReason: row.rejectionReason ?? null,
    lastError: row.lastError ?? null,
    deletedAtMeta: Boolean(row.deletedAtMeta),
    metaTemplateId: row.metaTemplateId ?? null,
    lastSyncedAt: date(row.lastSyncedAt),
    updatedAt: date(row.updatedAt),
    account: summaryAccount(row.account),
    components: Array.isArray(row.components) ? row.components : null,
    stats,
  };
}

/** The fields the template form edits, in the form's shape (buttons typed, examples read). */
export function authoringOf(row: TemplateRow): TemplateDetail['authoring'] {
  const buttons = readButtons(row.buttons);
  const examples = readExamples(row.bodyExamples);
  const named = row.parameterFormat === 'NAMED';
  return {
    name: row.name ?? '',
    language: row.language ?? '',
    category: row.category ?? 'UTILITY',
    parameterFormat: named ? 'NAMED' : 'POSITIONAL',
    headerFormat: row.headerFormat ?? 'NONE',
    headerText: row.headerText ?? null,
    headerExample: row.headerExample ?? null,
    body: row.body ?? '',
    bodyExamples: examples.ok ? (named ? examples.value : Object.values(examples.value)) : null,
    footer: row.footer ?? null,
    // Types the form cannot author (synced FLOW, OTP…) stay out; lint names them on submit.
    buttons: (buttons.ok ? buttons.value : []).flatMap((button): TemplateDetail['authoring']['buttons'] => {
      switch (button.type) {
        case 'QUICK_REPLY':
          return [{ type: 'QUICK_REPLY', text: button.text ?? '' }];
        case 'URL':
          return [{ type: 'URL', text: button.text ?? '', url: button.url ?? '', example: button.example ?? null }];
        case 'PHONE_NUMBER':
          return [{ type: 'PHONE_NUMBER', text: button.text ?? '', phoneNumber: button.phoneNumber ?? '' }];
        case 'COPY_CODE':
          return [{ type: 'COPY_CODE', example: button.example ?? '' }];
        default:
          return [];
      }
    }),
  };
}

/** The read side of the `templates` service: `queries` are its public methods, the rest serves meta.ts. */
/** The business accounts a scoped reader's templates come from; a template without an account is the master's. */
export interface VisibleAccounts {
  ids: number[];
  includesMaster: boolean;
}

const visibleAccountFilters = (accounts: VisibleAccounts) => [
  { account: { id: { $in: accounts.ids.length ? accounts.ids : [-1] } } },
  ...(accounts.includesMaster ? [{ account: { id: { $null: true } } }] : []),
];

export function templateReadModel(strapi: Core.Strapi) {
  async function loadRow(documentId: string): Promise<TemplateRow> {
    const row = await strapi.db.query(UID.template).findOne({ where: { documentId }, populate: { account: true } });
    if (!row) throw new errors.NotFoundError('Template not found. It may have been deleted.');
    return row as TemplateRow;
  }

  async function withStats(rows: TemplateRow[]): Promise<TemplateSummary[]> {
    const stats = await templateStats(
      strapi,
      rows.map((row) => ({ id: row.id, name: row.name, language: row.language }))
    );
    return rows.map((row) => toSummary(row, stats.get(row.id)));
  }

  return {
    loadRow,
    withStats,
    visibleAccountFilters,
    queries: {
      /** `accounts`: only these business accounts' templates (a tenant-scoped reader, docs/tenancy.md). */
      async list(query: ListTemplates.ParsedQuery, accounts?: VisibleAccounts): Promise<ListTemplates.Response> {
        const filters: Record<string, unknown> = {};
        if (accounts) filters.$or = visibleAccountFilters(accounts);
        if (query.status) filters.reviewStatus = query.status;
        if (query.language) filters.language = query.language;
        if (query.account) filters.account = { documentId: query.account };
        if (query.q) filters.name = { $containsi: query.q };
        const where = filters;
        const total = await strapi.db.query(UID.template).count({ where });
        const rows = (await strapi.db.query(UID.template).findMany({
          where,
          populate: { account: true },
          orderBy: [{ name: 'asc' }, { language: 'asc' }],
          offset: (query.page - 1) * query.pageSize,
          limit: query.pageSize,
        })) as TemplateRow[];
        return {
          data: await withStats(rows),
          meta: {
            pagination: { page: query.page, pageSize: query.pageSize, total, pageCount: Math.ceil(total / query.pageSize) },
          },
        };
      },

      async findOne(documentId: string): Promise<TemplateDetail> {
        const row = await loadRow(documentId);
        const [summary] = await withStats([row]);
        return { ...summary, authoring: authoringOf(row) };
      },

      async stats(documentId: string) {
        const row = await loadRow(documentId);
        const stats = (await templateStats(strapi, [{ id: row.id, name: row.name, language: row.language }])).get(row.id)!;
        return { documentId: row.documentId, name: row.name, language: row.language, ...stats };
      },
    },
  };
}
