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
    data: TemplateDetail;
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

/**
 * The authoring fields the template form edits (the content type's attributes of the same names).
 * Bounds here only stop absurd input with a 400 naming the field; WhatsApp's own limits are lint
 * findings (shared/templates/lint.ts), so a draft may be saved unfinished and is linted on submit.
 */
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const optionalText = (max: number) => text(max).nullable().optional();

export const templateButtonInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('QUICK_REPLY'), text: text(200) }).strict(),
  z.object({ type: z.literal('URL'), text: text(200), url: text(2000), example: optionalText(2000) }).strict(),
  z.object({ type: z.literal('PHONE_NUMBER'), text: text(200), phoneNumber: text(40) }).strict(),
  z.object({ type: z.literal('COPY_CODE'), example: text(200) }).strict(),
]);
export type TemplateButtonInput = z.infer<typeof templateButtonInput>;

export const templateAuthoringInput = z
  .object({
    name: text(512).trim().min(1, 'is required'),
    language: text(20).trim().min(1, 'is required'),
    category: z.enum(['UTILITY', 'MARKETING', 'AUTHENTICATION']),
    parameterFormat: z.enum(['POSITIONAL', 'NAMED']).default('POSITIONAL'),
    headerFormat: z.enum(['NONE', 'TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION']).default('NONE'),
    headerText: optionalText(1000),
    /** The text header's variable example, or the media header's sample handle (from POST …/header-sample). */
    headerExample: optionalText(4000),
    body: text(4000).default(''),
    bodyExamples: z.union([z.array(text(1000)).max(100), z.record(text(1000))]).nullable().optional(),
    footer: optionalText(1000),
    buttons: z.array(templateButtonInput).max(20, 'at most 20 buttons').default([]),
    /** documentId of the business account; the master account when left out. */
    account: z.string().trim().min(1).max(64).nullable().optional(),
  })
  .strict();
export type TemplateAuthoringInput = z.input<typeof templateAuthoringInput>;
export type TemplateAuthoring = z.output<typeof templateAuthoringInput>;

/** One template with the fields the form edits. */
export interface TemplateDetail extends TemplateSummary {
  authoring: Omit<TemplateAuthoring, 'account'>;
}

/** POST /whatsapp/templates — a new draft. */
export namespace CreateTemplate {
  export const body = templateAuthoringInput;
  export interface Response {
    data: TemplateDetail;
    /** Lint findings of what was saved (errors block the submit, not the save). */
    findings: LintFinding[];
  }
}

/**
 * PUT /whatsapp/templates/:documentId — saves a draft, or, for a template at Meta, edits it there
 * (`POST /{template-id}`) within Meta's edit limits (shared/templates/edit-limits.ts): it goes back
 * to PENDING. A refusal is a 400 whose `details.editLimits` holds those limits and, when Meta
 * refused, `details.meta` its error.
 */
export namespace UpdateTemplate {
  export const body = templateAuthoringInput;
  export interface Response {
    data: TemplateDetail;
    findings: LintFinding[];
    /** true when the change was sent to Meta (an edit of a template at Meta). */
    editedAtMeta: boolean;
  }
}

/**
 * POST /whatsapp/templates/header-sample — uploads a media-library file to Meta's Resumable
 * Upload API and answers the handle a media header takes as its sample.
 */
export namespace UploadHeaderSample {
  export const body = z
    .object({
      /** The media library file: its id or documentId. */
      file: z.union([z.number().int().positive(), z.string().trim().min(1).max(64)]),
      format: z.enum(['IMAGE', 'VIDEO', 'DOCUMENT']),
      /** documentId of the business account whose token uploads it; the master account by default. */
      account: z.string().trim().min(1).max(64).nullable().optional(),
    })
    .strict();
  export type Body = z.input<typeof body>;
  export interface Response {
    data: { handle: string; format: 'IMAGE' | 'VIDEO' | 'DOCUMENT'; file: { id: number; name: string; mime: string; url: string } };
  }
}
