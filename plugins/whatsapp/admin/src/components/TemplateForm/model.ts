import type { TemplateAuthoringInput, TemplateButtonInput, TemplateDetail } from '../../../../shared/contracts/templates';
import { LIMITS, examplesForStorage, readExamples, variableNames, type TemplateDraft } from '../../../../shared/templates';

/**
 * The template form's state and its conversions: the stored authoring fields (the admin route's
 * body) ⇄ what the form edits. Examples are kept by variable name while typing, so renaming or
 * reordering variables in the body keeps what was typed for the others; they are written back in
 * the stored shape (a list for positional, a map for named) on save.
 */

export type ButtonType = TemplateButtonInput['type'];

export interface FormState {
  name: string;
  language: string;
  category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  parameterFormat: 'POSITIONAL' | 'NAMED';
  headerFormat: 'NONE' | 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT' | 'LOCATION';
  headerText: string;
  /** The text header's variable example, or the media header's sample handle. */
  headerExample: string;
  /** The media-library file the sample handle was made from (shown, not stored). */
  headerSample: { name: string; url: string; mime: string } | null;
  body: string;
  examples: Record<string, string>;
  footer: string;
  buttons: TemplateButtonInput[];
}

export const EMPTY_FORM: FormState = {
  name: '',
  language: 'en',
  category: 'UTILITY',
  parameterFormat: 'POSITIONAL',
  headerFormat: 'NONE',
  headerText: '',
  headerExample: '',
  headerSample: null,
  body: '',
  examples: {},
  footer: '',
  buttons: [],
};

export function formFromTemplate(template: TemplateDetail): FormState {
  const a = template.authoring;
  const read = readExamples(a.bodyExamples);
  return {
    name: a.name,
    language: a.language,
    category: a.category,
    parameterFormat: a.parameterFormat,
    headerFormat: a.headerFormat,
    headerText: a.headerText ?? '',
    headerExample: a.headerExample ?? '',
    headerSample: null,
    body: a.body,
    examples: read.ok ? read.value : {},
    footer: a.footer ?? '',
    buttons: a.buttons,
  };
}

const isMedia = (format: FormState['headerFormat']) => format === 'IMAGE' || format === 'VIDEO' || format === 'DOCUMENT';

/** The admin route's body. */
export function authoringOf(state: FormState): TemplateAuthoringInput {
  const named = state.parameterFormat === 'NAMED';
  const names = variableNames(state.body);
  return {
    name: state.name.trim(),
    language: state.language.trim(),
    category: state.category,
    parameterFormat: state.parameterFormat,
    headerFormat: state.headerFormat,
    headerText: state.headerFormat === 'TEXT' ? state.headerText : null,
    headerExample: state.headerFormat === 'TEXT' || isMedia(state.headerFormat) ? state.headerExample || null : null,
    body: state.body,
    bodyExamples: names.length > 0 ? examplesForStorage(state.examples, names, named) : null,
    footer: state.footer.trim() === '' ? null : state.footer,
    buttons: state.buttons,
  };
}

/** What lint and the preview read (the content type's field names). */
export function draftOf(state: FormState): TemplateDraft {
  return authoringOf(state) as TemplateDraft;
}

/** The next variable to add to a text: `{{n}}` after the highest positional one, or a named one. */
export function nextVariable(text: string, named: boolean, name?: string): string {
  if (named) return `{{${(name ?? '').trim() || 'variable'}}}`;
  const numbers = variableNames(text).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  return `{{${numbers.length ? Math.max(...numbers) + 1 : 1}}}`;
}

/** Inserts `token` at `position` (the caret), with a space before it when it would touch a word. */
export function insertAt(text: string, token: string, position = text.length): { text: string; caret: number } {
  const at = Math.max(0, Math.min(position, text.length));
  const before = text.slice(0, at);
  const spacer = before === '' || /\s$/.test(before) ? '' : ' ';
  const inserted = `${spacer}${token}`;
  return { text: `${before}${inserted}${text.slice(at)}`, caret: at + inserted.length };
}

/** Meta's button limits as the builder enforces them while adding (lint says the rest). */
export const BUTTON_LIMITS: Record<ButtonType, number> = {
  QUICK_REPLY: LIMITS.buttons,
  URL: LIMITS.urlButtons,
  PHONE_NUMBER: LIMITS.phoneButtons,
  COPY_CODE: LIMITS.copyCodeButtons,
};

export function canAdd(buttons: TemplateButtonInput[], type: ButtonType): boolean {
  if (buttons.length >= LIMITS.buttons) return false;
  return buttons.filter((button) => button.type === type).length < BUTTON_LIMITS[type];
}

export function newButton(type: ButtonType): TemplateButtonInput {
  switch (type) {
    case 'QUICK_REPLY':
      return { type, text: '' };
    case 'URL':
      return { type, text: '', url: 'https://', example: null };
    case 'PHONE_NUMBER':
      return { type, text: '', phoneNumber: '+' };
    case 'COPY_CODE':
      return { type, example: '' };
  }
}
