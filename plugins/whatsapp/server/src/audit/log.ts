import type { Core } from '@strapi/strapi';
import type { AuditAction, AuditEntryView, AuditSubject, AuditValues, ListAudit } from '../../../shared/contracts/audit';
import { UID } from '../../../shared/uids';
import { getService } from '../core/get-service';
import { adminUserName } from '../core/admin-user-name';

/**
 * The audit log (docs/numbers.md "Audit log"): one row per change of the WhatsApp set-up, written
 * in the transaction of the change it records, so a change that rolls back leaves no entry and an
 * entry never describes a change that did not happen. The actor is the admin user of the request
 * (Strapi's request context); outside a request (demo seed, CLI, schedules) it is the system.
 */

export interface AuditRecord {
  action: AuditAction;
  subject: { type: AuditSubject; documentId?: string | null; label?: string | null };
  before?: AuditValues | null;
  after?: AuditValues | null;
}

interface AdminUser {
  id?: number;
  firstname?: string | null;
  lastname?: string | null;
  username?: string | null;
  email?: string | null;
}

const nameOf = (user: AdminUser): string =>
  adminUserName(user) || `admin #${user.id}`;

/** Prunes this many rows per statement, so a large backlog never holds a long lock. */
const PRUNE_BATCH = 1000;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const entries = () => strapi.db.query(UID.auditEntry);

  const currentActor = (): { id: number; name: string } | null => {
    const ctx = strapi.requestContext.get() as { state?: { user?: AdminUser; auth?: { strategy?: { name?: string } } } } | undefined;
    const user = ctx?.state?.user;
    // Only admin users are actors (admin JWT or admin token); a content-API caller is not one.
    if (!user?.id || !String(ctx?.state?.auth?.strategy?.name ?? '').startsWith('admin')) return null;
    return { id: user.id, name: nameOf(user) };
  };

  const toView = (row: any): AuditEntryView => ({
    id: row.id,
    action: row.action,
    occurredAt: new Date(row.occurredAt).toISOString(),
    actor: row.actorName ? { id: row.actorId ?? null, name: row.actorName } : null,
    subject: { type: row.subjectType, documentId: row.subjectDocumentId ?? null, label: row.subjectLabel ?? null },
    before: row.valuesBefore ?? null,
    after: row.valuesAfter ?? null,
  });

  return {
    async record(entry: AuditRecord): Promise<void> {
      const actor = currentActor();
      await entries().create({
        data: {
          action: entry.action,
          occurredAt: new Date(),
          actorId: actor?.id ?? null,
          actorName: actor?.name ?? null,
          subjectType: entry.subject.type,
          subjectDocumentId: entry.subject.documentId ?? null,
          subjectLabel: entry.subject.label ?? null,
          valuesBefore: entry.before ?? null,
          valuesAfter: entry.after ?? null,
        },
      });
    },

    async list(query: ListAudit.Query): Promise<ListAudit.Response> {
      const where: Record<string, unknown> = {};
      if (query.action) where.action = query.action;
      if (query.subjectType) where.subjectType = query.subjectType;
      if (query.subjectId) where.subjectDocumentId = query.subjectId;
      if (query.actor) where.actorId = query.actor;
      if (query.from || query.to) {
        where.occurredAt = {
          ...(query.from ? { $gte: new Date(query.from) } : {}),
          ...(query.to ? { $lte: new Date(query.to) } : {}),
        };
      }
      const { results, pagination } = await entries().findPage({
        where,
        orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
        page: query.page,
        pageSize: query.pageSize,
      });
      return { data: results.map(toView), meta: { pagination, retentionDays: getService(strapi, 'runtime').get().config.auditRetentionDays } };
    },

    /** Deletes entries older than the retention, in batches; returns how many. */
    async prune(now = new Date()): Promise<number> {
      const days = getService(strapi, 'runtime').get().config.auditRetentionDays;
      const cutoff = new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
      let removed = 0;
      for (;;) {
        const batch = (await entries().findMany({ where: { occurredAt: { $lt: cutoff } }, select: ['id'], limit: PRUNE_BATCH })) as { id: number }[];
        if (batch.length === 0) return removed;
        await entries().deleteMany({ where: { id: { $in: batch.map((row) => row.id) } } });
        removed += batch.length;
      }
    },
  };
};
