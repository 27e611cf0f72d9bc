import { readButtons, readExamples } from './normalize';
import {
  AUTHORABLE_BUTTON_TYPES,
  CATEGORIES,
  HEADER_FORMATS,
  MEDIA_HEADER_FORMATS,
  PARAMETER_FORMATS,
  type TemplateButton,
  type TemplateDraft,
} from './types';
import { NAMED_NAME, POSITIONAL_NAME, hasStrayBraces, variableNames, variableTokens } from './variables';

/**
 * Meta's template rules (docs/whatsapp-cloud-api.md#template-creation-rules, and Meta's creation
 * errors 2388040/47/72/73/299/293 in #template-limits-and-creation-errors), checked before a
 * template leaves Strapi. Pure: no Node or browser API, so the server (submit refuses with 400)
 * and the admin editor (live findings) run the very same code.
 *
 * Every finding names the form field it belongs to (`path`, dotted like Strapi's form errors:
 * `buttons.1.text`, `bodyExamples.2`) and carries a message id (`rule`) with `params`, so the
 * admin can translate it; `message` is the English text.
 */

export const LIMITS = {
  nameLength: 512,
  headerText: 60,
  headerVariables: 1,
  body: 1024,
  footer: 60,
  buttonText: 25,
  buttons: 10,
  urlButtons: 2,
  phoneButtons: 1,
  copyCodeButtons: 1,
  copyCodeExample: 15,
  url: 2000,
  phoneNumber: 20,
  /** Meta rejects parameter values with more than 4 consecutive spaces (and tabs or new lines). */
  consecutiveSpaces: 4,
} as const;

export const MESSAGES = {
  'name.required': 'Give the template a name.',
  'name.pattern': 'The name may contain only lowercase letters, digits and underscores (for example order_ready).',
  'name.length': 'The name is {length} characters long; Meta allows at most {max}.',
  'language.required': 'Choose the language of this template (for example en, es or pt_BR).',
  'language.format': '"{value}" is not a WhatsApp language code; use a code like en, es, en_US or pt_BR.',
  'category.invalid': 'The category must be UTILITY, MARKETING or AUTHENTICATION.',
  'category.authentication':
    'Authentication templates use text fixed by Meta and a one-time-password button: create them in WhatsApp Manager, then sync.',
  'parameterFormat.invalid': 'The parameter format must be POSITIONAL ({{1}}) or NAMED ({{first_name}}).',
  'headerFormat.invalid': 'The header must be NONE, TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION.',
  'header.text.required': 'A text header needs its text.',
  'header.text.length': 'The header is {length} characters long; the limit is {max}.',
  'header.text.newline': 'The header must fit on one line (no line breaks).',
  'header.text.unused': 'There is header text but the header format is NONE, so it will not be sent.',
  'header.variables.count': 'The header has {count} variables; a header may have at most one.',
  'header.example.required': 'Give an example value for the header variable {variable}.',
  'header.media.example.required':
    'This {format} header needs a sample file: choose one from the media library, and it is uploaded to Meta for review.',
  'body.required': 'Write the message body.',
  'body.length': 'The body is {length} characters long; the limit is {max}.',
  'variable.malformed': 'Check the braces: variables are written {{1}} or {{first_name}}, with nothing else inside.',
  'variable.positional': '{{{variable}}} is not a positional variable: this template uses {{1}}, {{2}}, … (or switch the format to NAMED).',
  'variable.named':
    '{{{variable}}} is not a valid named variable: use lowercase letters, digits and underscores, like {{first_name}} (or switch the format to POSITIONAL).',
  'variable.sequence': 'Number the variables {{1}}, {{2}}, {{3}}… in the order they appear, without gaps: expected {{{expected}}}, found {{{found}}}.',
  'variable.leading': 'The body may not start with a variable: put some words before {{{variable}}}.',
  'variable.trailing': 'The body may not end with a variable: put some words (or a full stop) after {{{variable}}}.',
  'variable.adjacent': 'Two variables may not sit side by side ({{{first}}} and {{{second}}}): put words between them.',
  'variable.density':
    'The body has {count} variables for {words} words; Meta rejects templates with too many variables for their length (error 2388293). Add text or remove variables.',
  'bodyExamples.invalid':
    'The body examples must be a list for positional variables (["Lucy", "A-1043"]) or an object for named ones ({"first_name": "Lucy"}).',
  'bodyExamples.missing': 'Give an example value for {{{variable}}}: Meta reviews the template with it.',
  'bodyExamples.unused': 'There is an example for {{{variable}}}, which the body does not use.',
  'example.format': 'Example values may not contain line breaks, tabs or more than {max} spaces in a row.',
  'footer.length': 'The footer is {length} characters long; the limit is {max}.',
  'footer.variables': 'The footer may not contain variables.',
  'buttons.invalid': 'Buttons must be a list of objects like {"type": "QUICK_REPLY", "text": "Yes"}.',
  'buttons.count': 'There are {count} buttons; a template may have at most {max}.',
  'buttons.type': '"{type}" buttons cannot be authored here; use QUICK_REPLY, URL, PHONE_NUMBER or COPY_CODE.',
  'buttons.text.required': 'This button needs a label.',
  'buttons.text.length': 'The button label is {length} characters long; the limit is {max}.',
  'buttons.text.variables': 'Button labels may not contain variables.',
  'buttons.text.duplicate': 'Two buttons have the label "{text}"; customers cannot tell them apart.',
  'buttons.url.count': 'There are {count} URL buttons; a template may have at most {max}.',
  'buttons.url.invalid': 'The button URL must start with https:// (or http://) and be at most {max} characters.',
  'buttons.url.variable': 'A URL may have one variable, {{1}}, and only at its very end (https://example.com/orders/{{1}}).',
  'buttons.url.example.required': 'Give an example value for the {{1}} at the end of the URL.',
  'buttons.phone.count': 'There are {count} phone number buttons; a template may have at most {max}.',
  'buttons.phone.invalid': 'Write the phone number in international form with its country code, like +34600000001.',
  'buttons.copyCode.count': 'There are {count} copy-code buttons; a template may have at most {max}.',
  'buttons.copyCode.example': 'A copy-code button needs a sample code of at most {max} characters.',
  'buttons.grouping':
    'Keep quick-reply buttons together: put all of them before or after the other buttons (Meta rejects mixed orders).',
} as const;

export type LintRule = keyof typeof MESSAGES;
export type LintSeverity = 'error' | 'warning';
export type LintParams = Record<string, string | number>;

export interface LintFinding {
  rule: LintRule;
  severity: LintSeverity;
  /** Form field path: an attribute name, optionally followed by `.index` / `.key` / `.property`. */
  path: string;
  message: string;
  params?: LintParams;
}

/** Fills `{name}` placeholders; `{{{x}}}` renders as `{{value}}` (literal braces around a value). */
export function formatLintMessage(template: string, params: LintParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

const LANGUAGE = /^[a-z]{2,3}(_[A-Z]{2}|_[A-Z][a-z]{3})?$/;
const NAME = /^[a-z0-9_]+$/;
const PHONE = /^\+[1-9][0-9 ()-]{6,}$/;
const EXAMPLE_BAD = new RegExp(`[\\n\\t]| {${LIMITS.consecutiveSpaces + 1},}`);

const blank = (value: string | null | undefined): boolean => value === undefined || value === null || value.trim() === '';
const length = (value: string): number => [...value].length; // code points, as a person counts

class Findings {
  readonly list: LintFinding[] = [];
  add(rule: LintRule, path: string, params?: LintParams, severity: LintSeverity = 'error') {
    this.list.push({ rule, severity, path, message: formatLintMessage(MESSAGES[rule], params), ...(params ? { params } : {}) });
  }
}

export interface LintResult {
  findings: LintFinding[];
  errors: LintFinding[];
  warnings: LintFinding[];
  /** No errors: Meta's rules we know of are met (warnings do not block). */
  ok: boolean;
}

export function lintTemplate(draft: TemplateDraft): LintResult {
  const out = new Findings();
  const category = (draft.category ?? '').toString();
  const format = (draft.parameterFormat || 'POSITIONAL').toString();
  const named = format === 'NAMED';

  lintName(draft, out);
  lintLanguage(draft, out);
  if (!CATEGORIES.includes(category as any)) out.add('category.invalid', 'category');
  else if (category === 'AUTHENTICATION') out.add('category.authentication', 'category');
  if (!PARAMETER_FORMATS.includes(format as any)) out.add('parameterFormat.invalid', 'parameterFormat');

  lintHeader(draft, named, out);
  const bodyNames = lintBody(draft, named, out);
  lintBodyExamples(draft, bodyNames, out);
  lintFooter(draft, out);
  lintButtons(draft, out);

  const errors = out.list.filter((f) => f.severity === 'error');
  return { findings: out.list, errors, warnings: out.list.filter((f) => f.severity === 'warning'), ok: errors.length === 0 };
}

function lintName(draft: TemplateDraft, out: Findings) {
  const name = draft.name ?? '';
  if (blank(name)) return out.add('name.required', 'name');
  if (!NAME.test(name)) out.add('name.pattern', 'name');
  if (name.length > LIMITS.nameLength) out.add('name.length', 'name', { length: name.length, max: LIMITS.nameLength });
}

function lintLanguage(draft: TemplateDraft, out: Findings) {
  const language = draft.language ?? '';
  if (blank(language)) return out.add('language.required', 'language');
  if (!LANGUAGE.test(language)) out.add('language.format', 'language', { value: language });
}

/** Checks each token's syntax for the template's format; returns false when any is unusable. */
function checkTokens(text: string, named: boolean, path: string, out: Findings): boolean {
  let ok = true;
  if (hasStrayBraces(text)) {
    out.add('variable.malformed', path);
    ok = false;
  }
  const reported = new Set<string>();
  for (const { name } of variableTokens(text)) {
    if (reported.has(name)) continue;
    reported.add(name);
    if (named ? NAMED_NAME.test(name) : POSITIONAL_NAME.test(name)) continue;
    ok = false;
    if (name.trim() !== name || name === '') out.add('variable.malformed', path);
    else out.add(named ? 'variable.named' : 'variable.positional', path, { variable: name });
  }
  return ok;
}

/** Positional variables must first appear as {{1}}, {{2}}, … in reading order (Meta and the sandbox agree). */
function checkSequence(names: string[], path: string, out: Findings) {
  const index = names.findIndex((name, i) => Number(name) !== i + 1);
  if (index >= 0) out.add('variable.sequence', path, { expected: index + 1, found: names[index] });
}

function checkExampleValue(value: string, path: string, out: Findings) {
  if (EXAMPLE_BAD.test(value)) out.add('example.format', path, { max: LIMITS.consecutiveSpaces });
}

function lintHeader(draft: TemplateDraft, named: boolean, out: Findings) {
  const format = (draft.headerFormat || 'NONE').toString();
  const text = draft.headerText ?? '';
  if (!HEADER_FORMATS.includes(format as any)) return out.add('headerFormat.invalid', 'headerFormat');
  if (format === 'NONE') {
    if (!blank(text)) out.add('header.text.unused', 'headerText', undefined, 'warning');
    return;
  }
  if (MEDIA_HEADER_FORMATS.includes(format as any)) {
    if (blank(draft.headerExample)) out.add('header.media.example.required', 'headerExample', { format: format.toLowerCase() });
    return;
  }
  if (format !== 'TEXT') return; // LOCATION: nothing to author
  if (blank(text)) return out.add('header.text.required', 'headerText');
  if (length(text) > LIMITS.headerText) out.add('header.text.length', 'headerText', { length: length(text), max: LIMITS.headerText });
  if (/[\r\n]/.test(text)) out.add('header.text.newline', 'headerText');
  const names = variableNames(text);
  if (!checkTokens(text, named, 'headerText', out)) return;
  if (names.length > LIMITS.headerVariables) return out.add('header.variables.count', 'headerText', { count: names.length });
  if (names.length === 1) {
    if (!named) checkSequence(names, 'headerText', out);
    if (blank(draft.headerExample)) out.add('header.example.required', 'headerExample', { variable: `{{${names[0]}}}` });
    else checkExampleValue(draft.headerExample!, 'headerExample', out);
  }
}

/** Returns the body's variable names when they are well-formed (for the examples check), else []. */
function lintBody(draft: TemplateDraft, named: boolean, out: Findings): string[] {
  const body = draft.body ?? '';
  if (blank(body)) {
    out.add('body.required', 'body');
    return [];
  }
  if (length(body) > LIMITS.body) out.add('body.length', 'body', { length: length(body), max: LIMITS.body });
  if (!checkTokens(body, named, 'body', out)) return [];
  const names = variableNames(body);
  if (!named) checkSequence(names, 'body', out);

  const tokens = variableTokens(body);
  if (tokens.length > 0) {
    const first = tokens[0];
    const last = tokens[tokens.length - 1];
    if (body.slice(0, first.start).trim() === '') out.add('variable.leading', 'body', { variable: first.name });
    if (body.slice(last.end).trim() === '') out.add('variable.trailing', 'body', { variable: last.name });
    for (let i = 1; i < tokens.length; i += 1) {
      if (body.slice(tokens[i - 1].end, tokens[i].start).trim() === '') {
        out.add('variable.adjacent', 'body', { first: tokens[i - 1].name, second: tokens[i].name });
      }
    }
    // Meta publishes no exact ratio for 2388293; fewer than two words of text per variable has been
    // refused in practice, so it is a warning, not a blocker.
    const words = body.replace(/\{\{[^{}]*\}\}/g, ' ').split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
    if (words < tokens.length * 2) out.add('variable.density', 'body', { count: tokens.length, words }, 'warning');
  }
  return names;
}

function lintBodyExamples(draft: TemplateDraft, names: string[], out: Findings) {
  const read = readExamples(draft.bodyExamples);
  if (!read.ok) {
    out.add('bodyExamples.invalid', 'bodyExamples');
    return;
  }
  const examples = read.value;
  const positional = Array.isArray(draft.bodyExamples) || (draft.parameterFormat || 'POSITIONAL') !== 'NAMED';
  // A list is indexed from 0 in the form ("bodyExamples.0" is {{1}}); a map by its keys.
  const pathOf = (name: string) =>
    Array.isArray(draft.bodyExamples) && positional ? `bodyExamples.${Number(name) - 1}` : `bodyExamples.${name}`;
  for (const name of names) {
    const example = examples[name];
    if (example === undefined || example.trim() === '') out.add('bodyExamples.missing', pathOf(name), { variable: name });
    else checkExampleValue(example, pathOf(name), out);
  }
  for (const name of Object.keys(examples)) {
    if (!names.includes(name) && examples[name].trim() !== '' && !blank(draft.body)) {
      out.add('bodyExamples.unused', pathOf(name), { variable: name }, 'warning');
    }
  }
}

function lintFooter(draft: TemplateDraft, out: Findings) {
  const footer = draft.footer ?? '';
  if (blank(footer)) return;
  if (length(footer) > LIMITS.footer) out.add('footer.length', 'footer', { length: length(footer), max: LIMITS.footer });
  if (variableTokens(footer).length > 0 || hasStrayBraces(footer)) out.add('footer.variables', 'footer');
}

function lintButtons(draft: TemplateDraft, out: Findings) {
  const read = readButtons(draft.buttons);
  if (!read.ok) return out.add('buttons.invalid', 'buttons');
  const buttons = read.value;
  if (buttons.length === 0) return;
  if (buttons.length > LIMITS.buttons) out.add('buttons.count', 'buttons', { count: buttons.length, max: LIMITS.buttons });

  const counts = { URL: 0, PHONE_NUMBER: 0, COPY_CODE: 0 } as Record<string, number>;
  const labels = new Map<string, number>();
  buttons.forEach((button, index) => {
    const path = `buttons.${index}`;
    if (!AUTHORABLE_BUTTON_TYPES.includes(button.type as any)) {
      out.add('buttons.type', `${path}.type`, { type: button.type || '(none)' });
      return;
    }
    if (button.type in counts) counts[button.type] += 1;
    if (button.type !== 'COPY_CODE') lintButtonText(button, path, labels, out);
    if (button.type === 'URL') lintUrlButton(button, path, out);
    if (button.type === 'PHONE_NUMBER' && !validPhone(button.phoneNumber)) out.add('buttons.phone.invalid', `${path}.phoneNumber`);
    if (button.type === 'COPY_CODE') {
      const code = button.example ?? '';
      if (blank(code) || length(code) > LIMITS.copyCodeExample) {
        out.add('buttons.copyCode.example', `${path}.example`, { max: LIMITS.copyCodeExample });
      }
    }
  });

  if (counts.URL > LIMITS.urlButtons) out.add('buttons.url.count', 'buttons', { count: counts.URL, max: LIMITS.urlButtons });
  if (counts.PHONE_NUMBER > LIMITS.phoneButtons) {
    out.add('buttons.phone.count', 'buttons', { count: counts.PHONE_NUMBER, max: LIMITS.phoneButtons });
  }
  if (counts.COPY_CODE > LIMITS.copyCodeButtons) {
    out.add('buttons.copyCode.count', 'buttons', { count: counts.COPY_CODE, max: LIMITS.copyCodeButtons });
  }
  if (!quickRepliesGrouped(buttons)) out.add('buttons.grouping', 'buttons');
}

function lintButtonText(button: TemplateButton, path: string, labels: Map<string, number>, out: Findings) {
  const text = button.text ?? '';
  if (blank(text)) return out.add('buttons.text.required', `${path}.text`);
  if (length(text) > LIMITS.buttonText) out.add('buttons.text.length', `${path}.text`, { length: length(text), max: LIMITS.buttonText });
  if (variableTokens(text).length > 0) out.add('buttons.text.variables', `${path}.text`);
  const key = text.trim().toLowerCase();
  if (labels.has(key)) out.add('buttons.text.duplicate', `${path}.text`, { text: text.trim() }, 'warning');
  labels.set(key, 1);
}

function lintUrlButton(button: TemplateButton, path: string, out: Findings) {
  const url = (button.url ?? '').trim();
  const withoutVariable = url.replace(/\{\{[^{}]*\}\}/g, 'x');
  let valid = /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(withoutVariable) && url.length <= LIMITS.url;
  if (valid) {
    try {
      new URL(withoutVariable);
    } catch {
      valid = false;
    }
  }
  if (!valid) return out.add('buttons.url.invalid', `${path}.url`, { max: LIMITS.url });
  const tokens = variableTokens(url);
  if (tokens.length === 0 && !hasStrayBraces(url)) return;
  if (tokens.length !== 1 || tokens[0].name !== '1' || tokens[0].end !== url.length || hasStrayBraces(url)) {
    return out.add('buttons.url.variable', `${path}.url`);
  }
  if (blank(button.example)) out.add('buttons.url.example.required', `${path}.example`);
  else checkExampleValue(button.example!, `${path}.example`, out);
}

function validPhone(value: string | undefined): boolean {
  const phone = (value ?? '').trim();
  return PHONE.test(phone) && phone.replace(/\D/g, '').length <= LIMITS.phoneNumber;
}

/** Quick replies form one block (all before or all after the other buttons). */
function quickRepliesGrouped(buttons: TemplateButton[]): boolean {
  const kinds = buttons.map((button) => (button.type === 'QUICK_REPLY' ? 'Q' : 'C')).join('');
  return !/Q+C+Q|C+Q+C/.test(kinds);
}
