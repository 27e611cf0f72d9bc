/**
 * The authoring shape of a template: the fields of `plugin::whatsapp.template` an editor fills in
 * (names match the content type's attributes, so lint findings point at form fields). Values are
 * loose on purpose: they come from the content-manager form, a DB row or an API body.
 */

export const CATEGORIES = ['UTILITY', 'MARKETING', 'AUTHENTICATION'] as const;
export type TemplateCategory = (typeof CATEGORIES)[number];

export const PARAMETER_FORMATS = ['POSITIONAL', 'NAMED'] as const;
export type ParameterFormat = (typeof PARAMETER_FORMATS)[number];

export const HEADER_FORMATS = ['NONE', 'TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'] as const;
export type HeaderFormat = (typeof HEADER_FORMATS)[number];
export const MEDIA_HEADER_FORMATS: readonly HeaderFormat[] = ['IMAGE', 'VIDEO', 'DOCUMENT'];

/** Button types an editor can author in Strapi. Others (FLOW, OTP, CATALOG…) only arrive by sync. */
export const AUTHORABLE_BUTTON_TYPES = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE'] as const;
export type AuthorableButtonType = (typeof AUTHORABLE_BUTTON_TYPES)[number];

/**
 * One button as stored in the `buttons` JSON field.
 * - QUICK_REPLY: `text`
 * - URL: `text`, `url` (optionally ending in `{{1}}`), `example` = the value for `{{1}}`
 * - PHONE_NUMBER: `text`, `phoneNumber` (international, with `+`)
 * - COPY_CODE: `example` = a sample code (WhatsApp shows its own "Copy offer code" label)
 * Buttons synced from Meta with other types keep Meta's raw object in `raw`.
 */
export interface TemplateButton {
  type: string;
  text?: string;
  url?: string;
  example?: string;
  phoneNumber?: string;
  raw?: Record<string, unknown>;
}

/** Positional examples are a list (`["Lucy", "A-1043"]` for {{1}}, {{2}}); named ones a map. */
export type BodyExamples = string[] | Record<string, string>;

export interface TemplateDraft {
  name?: string | null;
  language?: string | null;
  category?: string | null;
  parameterFormat?: string | null;
  headerFormat?: string | null;
  headerText?: string | null;
  /** Example for the header variable (text header) or a media handle (image/video/document). */
  headerExample?: string | null;
  body?: string | null;
  bodyExamples?: unknown;
  footer?: string | null;
  buttons?: unknown;
}

/** Meta's components array (wire shape of `message_templates`). */
export type MetaComponent = Record<string, any> & { type: string };

export interface MetaCreateBody {
  name: string;
  language: string;
  category: TemplateCategory;
  parameter_format: ParameterFormat;
  components: MetaComponent[];
}
