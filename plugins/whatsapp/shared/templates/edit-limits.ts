/**
 * Meta's rules for editing a template that is at Meta (`POST /{template-id}`), from
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-management/:
 * only APPROVED, REJECTED or PAUSED templates can be edited; only their components and category
 * (never name or language); an approved template's category cannot change; an approved template
 * can be edited once in 24 hours and at most 10 times in 30 days (rejected and paused ones
 * without limit). An edit sends the template back to review. The sandbox enforces these and the
 * admin says them when an edit is refused.
 */
export const EDIT_LIMITS = {
  editableStatuses: ['APPROVED', 'REJECTED', 'PAUSED'],
  perDay: 1,
  perThirtyDays: 10,
} as const;

export const EDIT_LIMITS_TEXT =
  'Meta lets you edit a template only while it is approved, rejected or paused; the name, the language and (once approved) the category cannot change; an approved template can be edited once in 24 hours and at most 10 times in 30 days.';

export const isEditableStatus = (status: string | null | undefined): boolean =>
  (EDIT_LIMITS.editableStatuses as readonly string[]).includes(String(status ?? ''));

/** Media header formats and the sample files Meta's Resumable Upload API takes for them. */
export const HEADER_SAMPLE_TYPES = {
  IMAGE: { mimes: ['image/jpeg', 'image/png'], maxBytes: 5 * 1024 * 1024, label: 'JPEG or PNG, up to 5 MB' },
  VIDEO: { mimes: ['video/mp4'], maxBytes: 16 * 1024 * 1024, label: 'MP4, up to 16 MB' },
  DOCUMENT: { mimes: ['application/pdf'], maxBytes: 100 * 1024 * 1024, label: 'PDF, up to 100 MB' },
} as const;
export type MediaHeaderFormat = keyof typeof HEADER_SAMPLE_TYPES;
