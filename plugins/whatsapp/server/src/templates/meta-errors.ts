import { explainGraphError, GraphApiError } from '../core/graph';

/**
 * Meta's template-management refusals come as code 100 with a 2388xxx subcode and an English
 * detail. The subcode says which part to fix; Meta's own detail follows, since it is often the
 * most precise sentence available (docs/whatsapp-cloud-api.md#template-limits-and-creation-errors).
 */
const TEMPLATE_SUBCODES: Record<number, string> = {
  2388019: 'This business account reached the maximum number of message templates (250). Delete unused ones first.',
  2388023: 'Meta is still deleting a template with this name. Wait a few minutes and try again.',
  2388024: 'A template with this name already exists in this language at Meta. Sync templates, or choose another name.',
  2388040: 'A part of the template is longer than Meta allows.',
  2388043: 'The variables of the template are not written as Meta expects.',
  2388047: 'Meta refused the header (format, length or example).',
  2388072: 'Meta refused the body (length, variables or examples).',
  2388073: 'Meta refused the footer (at most 60 characters, no variables).',
  2388293: 'The body has too many variables for its length. Add text or remove variables.',
  2388299: 'A variable may not be the first or last thing in the body.',
};

export function explainTemplateError(error: GraphApiError): string {
  const lead = (error.subcode !== undefined && TEMPLATE_SUBCODES[error.subcode]) || explainGraphError(error.code);
  const detail = error.details && error.details !== error.title ? error.details : undefined;
  return detail ? `${lead} Meta said: ${detail}` : lead;
}

/** The fields of a Meta refusal that are safe to show (no token, no request body). */
export function metaErrorDetails(error: GraphApiError) {
  return {
    code: error.code,
    ...(error.subcode !== undefined ? { subcode: error.subcode } : {}),
    title: error.title,
    ...(error.details !== undefined ? { details: error.details } : {}),
    ...(error.fbtraceId !== undefined ? { fbtraceId: error.fbtraceId } : {}),
  };
}
