import { z } from 'zod';
import { isoDate } from './dates';
import { PLAIN_PAGE_MESSAGES, pageQuery, type Pagination } from './pagination';

/**
 * The audit log: who changed what in the plugin's set-up, when, before → after. One contract for
 * the server (what it records, the list route) and the admin (the audit panels).
 */

/** Every audited action. Secrets never appear: a rotation records which secret, not its value. */
export const AUDIT_ACTIONS = [
  'number.assigned',
  'number.unassigned',
  'tenant.settings-changed',
  'tenant.members-changed',
  'account.created',
  'account.updated',
  'account.secret-rotated',
  'account.deleted',
  'automation.enabled',
  'automation.disabled',
  'template.submitted',
  'template.deleted',
  'customer.exported',
  'customer.erased',
  'customer.blocked',
  'customer.unblocked',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_SUBJECTS = ['tenant', 'account', 'automation', 'template', 'customer'] as const;
export type AuditSubject = (typeof AUDIT_SUBJECTS)[number];

/** Field values before and after, of the fields the action changed. */
export type AuditValues = Record<string, string | number | boolean | null>;

export interface AuditEntryView {
  id: number;
  action: AuditAction;
  occurredAt: string;
  /** The admin user who did it; null for the system (the demo seed, a CLI command, a schedule). */
  actor: { id: number | null; name: string } | null;
  subject: { type: AuditSubject; documentId: string | null; label: string | null };
  before: AuditValues | null;
  after: AuditValues | null;
}

/** GET /whatsapp/audit?action=&subjectType=&subjectId=&actor=&from=&to=&page=&pageSize= */
export namespace ListAudit {
  export const query = z
    .object({
      ...pageQuery({ maxPageSize: 100, messages: PLAIN_PAGE_MESSAGES }),
      action: z.enum(AUDIT_ACTIONS, { errorMap: () => ({ message: `must be one of ${AUDIT_ACTIONS.join(', ')}` }) }).optional(),
      subjectType: z.enum(AUDIT_SUBJECTS, { errorMap: () => ({ message: `must be one of ${AUDIT_SUBJECTS.join(', ')}` }) }).optional(),
      subjectId: z.string().trim().min(1).max(100).optional(),
      /** An admin user's id. */
      actor: z.coerce.number({ invalid_type_error: 'must be an admin user id (a number)' }).int('must be an admin user id').positive('must be an admin user id').optional(),
      from: isoDate.optional(),
      to: isoDate.optional(),
    })
    .strict();
  export type Query = z.infer<typeof query>;
  export interface Response {
    data: AuditEntryView[];
    meta: { pagination: Pagination; retentionDays: number };
  }
}
