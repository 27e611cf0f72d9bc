import type { Core } from '@strapi/strapi';
import type { SandboxTemplate } from '../../../../sandbox';
import { UID } from '../../../../shared/uids';
import { lastInboundAt } from '../../outbound/window';

/**
 * What the in-process sandbox reads from the plugin's database, so that its world is the
 * database's and not one process's memory: every Strapi instance on the database, before and
 * after a restart, sees the same 24-hour windows and templates as the plugin's own UI.
 */

/**
 * When the user (`waId`, digits) last wrote to the business number, by the same rule the plugin
 * uses before a free-form send (outbound/window.ts): the comms log's newest inbound message of the
 * customer with that WhatsApp id or phone, or of the conversation `{phoneNumberId}:{waId}`.
 */
export async function lastInboundFromCommsLog(strapi: Core.Strapi, phoneNumberId: string, waId: string): Promise<number | undefined> {
  // A `recipient` send names the user by BSUID (`US.1349…`) instead of a wa_id.
  const byUserId = /^[A-Z]{2}\./.test(waId);
  const customers = (await strapi.db.query(UID.customer).findMany({
    where: byUserId ? { $or: [{ userId: waId }, { parentUserId: waId }] } : { $or: [{ waId }, { phone: `+${waId}` }] },
    select: ['id', 'waId'],
    limit: 10,
  })) as Array<{ id: number; waId?: string | null }>;
  const lookups = customers.length > 0 ? customers : [{ id: null, waId: null }];
  let latest: number | undefined;
  for (const customer of lookups) {
    const at = await lastInboundAt(strapi, {
      phoneNumberId,
      customerId: customer.id,
      waIds: [waId, customer.waId ?? ''],
    });
    if (at && (latest === undefined || at.getTime() > latest)) latest = at.getTime();
  }
  return latest;
}

/** Statuses of a template that is not (or no longer) at Meta. */
const NOT_AT_META = ['DRAFT', 'DELETED', 'PENDING_DELETION'];

/**
 * The WABA's templates as the plugin stored them from Meta's answers (submit, sync, status
 * webhooks): those with Meta's id, not deleted there.
 */
export async function templatesFromDatabase(strapi: Core.Strapi, wabaId: string): Promise<SandboxTemplate[]> {
  const rows = (await strapi.db.query(UID.template).findMany({
    where: {
      templateKey: { $startsWith: `${wabaId}:` },
      metaTemplateId: { $notNull: true },
      reviewStatus: { $notIn: NOT_AT_META },
      $or: [{ deletedAtMeta: false }, { deletedAtMeta: { $null: true } }],
    },
    select: ['metaTemplateId', 'name', 'language', 'category', 'reviewStatus', 'parameterFormat', 'components'],
  })) as Array<Record<string, any>>;
  return rows
    .filter((row) => Array.isArray(row.components) && row.components.length > 0)
    .map((row) => ({
      id: String(row.metaTemplateId),
      name: row.name,
      language: row.language,
      category: row.category,
      status: row.reviewStatus,
      parameter_format: row.parameterFormat === 'NAMED' ? 'NAMED' : 'POSITIONAL',
      components: row.components,
    }));
}
