import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { z } from 'zod';
import { PLAIN_PAGE_MESSAGES, pageQuery } from '../../../../shared/contracts/pagination';
import { WEBHOOK_EVENT_STATUSES, type WebhookEventSummary } from '../../../../shared/contracts/webhook-events';
import { ACTIONS } from '../../../../shared/permissions';
import { UID } from '../../../../shared/uids';
import { getService } from '../../core/get-service';
import { conflict } from '../../core/errors';
import { validate } from '../../core/validate';
import { tenantIdsIn } from '../../tenancy/scope';

const listQuery = z
  .object({
    status: z.enum(WEBHOOK_EVENT_STATUSES, { errorMap: () => ({ message: `must be one of ${WEBHOOK_EVENT_STATUSES.join(', ')}` }) }).optional(),
    ...pageQuery({ defaultPageSize: 20, messages: PLAIN_PAGE_MESSAGES }),
  })
  .strict();

const idParam = z.object({ id: z.coerce.number({ invalid_type_error: 'must be a number' }).int().positive('must be a positive id') });

const SUMMARY_FIELDS = [
  'id',
  'documentId',
  'processingStatus',
  'fields',
  'wabaId',
  'phoneNumberIds',
  'receivedAt',
  'processedAt',
  'attempts',
  'nextAttemptAt',
  'error',
  'outcome',
  'pendingStatuses',
  'payloadNotes',
] as const;

const toSummary = (row: any): WebhookEventSummary => {
  const summary: any = {};
  for (const field of SUMMARY_FIELDS) summary[field] = row[field] ?? null;
  // The API keeps `status` (shared/contracts/webhook-events.ts) for the `processingStatus` attribute.
  summary.status = summary.processingStatus;
  delete summary.processingStatus;
  summary.tenant = row.tenant ? { id: row.tenant.id, documentId: row.tenant.documentId, name: row.tenant.name } : null;
  return summary;
};

/** Admin API over the webhook event log: health at a glance, failures and their retry. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: Context) {
    const query = validate(listQuery, ctx.query);
    // A member of tenants sees their tenants' events only; an event no tenant is known for stays the platform's.
    const scope = await getService(strapi, 'tenancy').scopeFor(ctx.state.user, ACTIONS.webhooksRead);
    const where = {
      ...(query.status ? { processingStatus: query.status } : {}),
      ...(scope.all ? {} : { tenant: { id: { $in: tenantIdsIn(scope) } } }),
    };
    const events = strapi.db.query(UID.webhookEvent);
    const [rows, total] = await Promise.all([
      events.findMany({
        select: [...SUMMARY_FIELDS],
        where,
        populate: { tenant: { select: ['id', 'documentId', 'name'] } },
        orderBy: { id: 'desc' },
        offset: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      }),
      events.count({ where }),
    ]);
    ctx.body = {
      results: rows.map(toSummary),
      pagination: { page: query.page, pageSize: query.pageSize, total, pageCount: Math.ceil(total / query.pageSize) },
    };
  },

  async findOne(ctx: Context) {
    const { id } = validate(idParam, ctx.params);
    const row = await strapi.db.query(UID.webhookEvent).findOne({
      select: [...SUMMARY_FIELDS, 'rawBody'],
      where: { id },
      populate: { tenant: { select: ['id', 'documentId', 'name'] } },
    });
    const scope = await getService(strapi, 'tenancy').scopeFor(ctx.state.user, ACTIONS.webhooksRead);
    if (!row || !getService(strapi, 'tenancy').covers(scope, row.tenant?.id)) {
      throw new errors.NotFoundError(`Webhook event ${id} does not exist (it may have been pruned).`);
    }
    ctx.body = { data: { ...toSummary(row), rawBody: row.rawBody } };
  },

  async retry(ctx: Context) {
    const { id } = validate(idParam, ctx.params);
    const scope = await getService(strapi, 'tenancy').scopeFor(ctx.state.user, ACTIONS.webhooksRetry);
    if (!scope.all) {
      const row = await strapi.db.query(UID.webhookEvent).findOne({ where: { id }, select: ['id'], populate: { tenant: { select: ['id'] } } });
      if (!row || !getService(strapi, 'tenancy').covers(scope, row.tenant?.id)) throw new errors.NotFoundError(`Webhook event ${id} does not exist (it may have been pruned).`);
    }
    const result = await getService(strapi, 'webhook-processor').retry(id);
    if (!result.found) throw new errors.NotFoundError(`Webhook event ${id} does not exist (it may have been pruned).`);
    if (!result.retried) {
      throw conflict(`Webhook event ${id} is ${result.status}: only failed or unrouted events can be retried.`);
    }
    ctx.body = { data: { id, status: result.status } };
  },
});
