import { z } from 'zod';
import type { LintFinding } from '../templates/lint';
import { pageQuery, type Pagination } from './pagination';

/**
 * Admin API contracts for templates (`/whatsapp/templates…`), used by the controllers and the
 * admin client. Each namespace is one route.
 */

export const TEMPLATE_STATUSES = [
  'DRAFT',
  'PENDING',
  'APPROVED',
  'REJECTED',
  'PAUSED',
  'DISABLED',
  'FLAGGED',
  'IN_APPEAL',
  'REINSTATED',
  'LOCKED',
  'LIMIT_EXCEEDED',
  'ARCHIVED',
  'UNARCHIVED',
  'DELETED',
  'PENDING_DELETION',
] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

export interface TemplateStats {
  /** Outbound messages sent with this template, whatever their state. */
  total: number;
  /** Accepted by WhatsApp (sent, delivered or read). */
  sent: number;
  delivered: number;
  read: number;
  failed: number;
}

export interface TemplateSummary {
  documentId: string;
  name: string;
  language: string;
  category: string;
  previousCategory: string | null;
  /** The template's `reviewStatus` attribute (Meta's `status`; the API keeps the name). */
  status: TemplateStatus;
  parameterFormat: string;
  parameterCount: number;
  qualityScore: string | null;
  rejectionReason: string | null;
  lastError: string | null;
  deletedAtMeta: boolean;
  metaTemplateId: string | null;
  lastSyncedAt: string | null;
  updatedAt: string | null;
  account: { documentId: string; name: string | null; wabaId: string } | null;
  components: unknown[] | null;
  stats: TemplateStats;
}

/** GET /whatsapp/templates */
export namespace ListTemplates {
  export const query = z
    .object({
      status: z.enum(TEMPLATE_STATUSES).optional(),
      language: z.string().trim().min(1).max(20).optional(),
      /** documentId of a business account. */
      account: z.string().trim().min(1).max(64).optional(),
      /** Part of the name. */
      q: z.string().trim().min(1).max(100).optional(),
      ...pageQuery(),
    })
    .strict();
  export type Query = z.input<typeof query>;
  export type ParsedQuery = z.output<typeof query>;
  export interface Response {
    data: TemplateSummary[];
    meta: { pagination: Pagination };
  }
}

/** GET /whatsapp/templates/:documentId */
export namespace GetTemplate {
  export interface Response {
    data: TemplateSummary;
  }
}

/** POST /whatsapp/templates/:documentId/submit */
export namespace SubmitTemplate {
  export interface Response {
    data: TemplateSummary;
    /** Lint warnings (never blocking) that were present at submission. */
    warnings: LintFinding[];
  }
  /**
   * 400 ValidationError when lint finds errors: `error.details.errors` in Strapi's form shape
   * (`{ path: ['body'], message }`) plus `error.details.findings` (all lint findings).
   * 400 ApplicationError when Meta refuses: `error.details.meta` = `{ code, subcode, title, details, fbtraceId }`.
   * 502 when Meta could not be reached; 503 when WhatsApp is not configured.
   */
  export interface MetaErrorDetails {
    code: number;
    subcode?: number;
    title: string;
    details?: string;
    fbtraceId?: string;
  }
}

/** POST /whatsapp/templates/sync */
export namespace SyncTemplates {
  export interface AccountResult {
    account: { documentId: string; name: string | null; wabaId: string };
    listed: number;
    created: number;
    updated: number;
    markedDeleted: number;
    /** Plain-words reason when this account could not be synced. */
    error?: string;
  }
  export interface Response {
    data: { accounts: AccountResult[]; syncedAt: string };
  }
}

/** DELETE /whatsapp/templates/:documentId */
export namespace DeleteTemplate {
  export interface Response {
    data: { documentId: string; deletedAtMeta: boolean };
  }
}

/** GET /whatsapp/templates/:documentId/stats */
export namespace GetTemplateStats {
  export interface Response {
    data: TemplateStats & { documentId: string; name: string; language: string };
  }
}
