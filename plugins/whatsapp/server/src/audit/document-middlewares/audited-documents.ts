import type { Core, Modules } from '@strapi/strapi';
import type { AuditAction, AuditSubject, AuditValues } from '../../../../shared/contracts/audit';
import { UID } from '../../../../shared/uids';
import { getService } from '../../core/get-service';

/**
 * Audits the set-up changes that go through the document service, whoever makes them (the
 * plugin's admin routes, the content manager, other code): business accounts created and edited
 * (a new secret is recorded as rotated, never its value), rules switched on or off, tenant
 * settings edited in the content manager. What the plugin writes with the query engine (number
 * assignment, tenant settings from the numbers page, account deletion) is audited where it is
 * written (numbers/tenants.ts, numbers/account-admin.ts).
 */

interface Watched {
  subject: AuditSubject;
  label: (row: Record<string, any>) => string | null;
  /** The fields `label` reads. */
  labelFields: string[];
  /** Fields whose before → after is recorded. */
  fields: string[];
  /** Secret fields: only that they changed is recorded. */
  secrets?: string[];
  /** The action of an update that changed `fields` (given the values), or null to record nothing. */
  updated: (before: AuditValues, after: AuditValues) => AuditAction | null;
  created?: AuditAction;
}

const WATCHED: Record<string, Watched> = {
  [UID.businessAccount]: {
    subject: 'account',
    label: (row) => row.name ?? row.wabaId ?? null,
    labelFields: ['name', 'wabaId'],
    fields: ['name', 'wabaId', 'apiVersion', 'marketingMessagesEnabled'],
    secrets: ['accessToken', 'appSecret'],
    updated: () => 'account.updated',
    created: 'account.created',
  },
  [UID.automation]: {
    subject: 'automation',
    label: (row) => row.name ?? null,
    labelFields: ['name'],
    fields: ['enabled'],
    updated: (_before, after) => (after.enabled === false ? 'automation.disabled' : 'automation.enabled'),
  },
  [UID.tenant]: {
    subject: 'tenant',
    label: (row) => row.name ?? null,
    labelFields: ['name'],
    fields: ['whatsappEnabled', 'defaultLanguage'],
    updated: () => 'tenant.settings-changed',
  },
};

const pick = (row: Record<string, any> | null, fields: string[]): AuditValues =>
  Object.fromEntries(fields.map((field) => [field, row?.[field] ?? null]));

const changedFields = (before: AuditValues, after: AuditValues) => Object.keys(after).filter((key) => before[key] !== after[key]);

export function auditedDocumentsMiddleware(strapi: Core.Strapi): Modules.Documents.Middleware.Middleware {
  return async (ctx, next) => {
    const watched = WATCHED[ctx.uid];
    if (!watched || (ctx.action !== 'create' && ctx.action !== 'update')) return next();
    const params = ctx.params as { data?: Record<string, unknown>; documentId?: string };
    const audit = getService(strapi, 'audit');
    const select = [...new Set([...watched.fields, ...watched.labelFields])];
    const load = (documentId: string): Promise<Record<string, any> | null> =>
      strapi.db.query(ctx.uid as any).findOne({ where: { documentId }, select });

    if (ctx.action === 'create') {
      const result: any = await next();
      if (watched.created && result?.documentId) {
        const row = await load(result.documentId);
        const secrets = (watched.secrets ?? []).filter((field) => params.data?.[field]);
        await audit.record({
          action: watched.created,
          subject: { type: watched.subject, documentId: result.documentId, label: watched.label(row ?? {}) },
          after: { ...pick(row, watched.fields), ...Object.fromEntries(secrets.map((field) => [field, 'set'])) },
        });
      }
      return result;
    }

    const documentId = params.documentId;
    if (!documentId) return next();
    const touched = Object.keys(params.data ?? {});
    const rotated = (watched.secrets ?? []).filter((field) => touched.includes(field) && params.data?.[field]);
    if (!rotated.length && !watched.fields.some((field) => touched.includes(field))) return next();

    const beforeRow = await load(documentId);
    const result = await next();
    const afterRow = await load(documentId);
    if (!beforeRow || !afterRow) return result;
    const before = pick(beforeRow, watched.fields);
    const after = pick(afterRow, watched.fields);
    const changed = changedFields(before, after);
    const subject = { type: watched.subject, documentId, label: watched.label(afterRow) };
    if (changed.length) {
      const action = watched.updated(before, after);
      if (action) {
        await audit.record({ action, subject, before: pick(beforeRow, changed), after: pick(afterRow, changed) });
      }
    }
    if (rotated.length) {
      await audit.record({ action: 'account.secret-rotated', subject, after: Object.fromEntries(rotated.map((field) => [field, 'rotated'])) });
    }
    return result;
  };
}
