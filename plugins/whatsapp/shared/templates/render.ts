import { readExamples } from './normalize';
import type { MetaComponent } from './types';
import { substitute, variableNames } from './variables';

/**
 * Fills a template's components with values, as WhatsApp would show them. Used by the preview
 * bubble, the composer (values typed by a CRM user) and the automations dry run (values mapped
 * from a record). Pure text: callers render it as text, never as HTML.
 */

/** A list is positional (index 0 = {{1}}); a map is keyed by variable name ("1" or "first_name"). */
export type VariableValues = string[] | Record<string, string>;

export interface TemplateValues {
  header?: VariableValues;
  body?: VariableValues;
  /** Per button index: the value of a URL button's {{1}} or a copy-code button's code. */
  buttons?: Record<number, string> | string[];
}

export interface RenderedButton {
  type: string;
  text: string;
  url?: string;
  phoneNumber?: string;
  code?: string;
}

export interface RenderedTemplate {
  header?: { format: string; text?: string };
  body: string;
  footer?: string;
  buttons: RenderedButton[];
  /** Variables with no value, as `header.{{1}}`, `body.{{first_name}}`, `buttons.0`. */
  missing: string[];
}

const COPY_CODE_LABEL = 'Copy offer code';

const find = (components: unknown, type: string): MetaComponent | undefined =>
  Array.isArray(components)
    ? components.find((c) => c && typeof c === 'object' && String(c.type).toUpperCase() === type)
    : undefined;

function lookup(values: VariableValues | undefined): (name: string) => string | undefined {
  if (!values) return () => undefined;
  if (Array.isArray(values)) return (name) => (/^\d+$/.test(name) ? values[Number(name) - 1] : undefined);
  return (name) => values[name];
}

const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

function fill(text: string, values: VariableValues | undefined, part: string, missing: string[]): string {
  const get = lookup(values);
  for (const name of variableNames(text)) if (nonEmpty(get(name)) === undefined) missing.push(`${part}.{{${name}}}`);
  return substitute(text, (name) => nonEmpty(get(name)));
}

export function renderTemplate(components: unknown, values: TemplateValues = {}): RenderedTemplate {
  const missing: string[] = [];
  const rendered: RenderedTemplate = { body: '', buttons: [], missing };

  const header = find(components, 'HEADER');
  if (header) {
    const format = String(header.format ?? 'TEXT').toUpperCase();
    rendered.header =
      format === 'TEXT' ? { format, text: fill(String(header.text ?? ''), values.header, 'header', missing) } : { format };
  }
  const body = find(components, 'BODY');
  rendered.body = fill(String(body?.text ?? ''), values.body, 'body', missing);
  const footer = find(components, 'FOOTER');
  if (footer && typeof footer.text === 'string' && footer.text !== '') rendered.footer = footer.text;

  const buttons = find(components, 'BUTTONS');
  const buttonValues = values.buttons ?? {};
  if (Array.isArray(buttons?.buttons)) {
    buttons.buttons.forEach((button: any, index: number) => {
      const type = String(button?.type ?? '').toUpperCase();
      const value = nonEmpty((buttonValues as Record<number, string>)[index]);
      const text = typeof button?.text === 'string' ? button.text : '';
      if (type === 'URL') {
        const url = String(button.url ?? '');
        if (variableNames(url).length > 0 && value === undefined) missing.push(`buttons.${index}`);
        rendered.buttons.push({ type, text, url: substitute(url, () => value) });
      } else if (type === 'PHONE_NUMBER') {
        rendered.buttons.push({ type, text, phoneNumber: button.phone_number ?? button.phoneNumber });
      } else if (type === 'COPY_CODE') {
        if (value === undefined) missing.push(`buttons.${index}`);
        rendered.buttons.push({ type, text: COPY_CODE_LABEL, ...(value !== undefined ? { code: value } : {}) });
      } else {
        rendered.buttons.push({ type, text: text || type.replace(/_/g, ' ').toLowerCase() });
      }
    });
  }
  return rendered;
}

/** The example values stored in the components (what Meta reviews): the preview's default values. */
export function exampleValues(components: unknown): TemplateValues {
  const values: TemplateValues = {};
  const header = find(components, 'HEADER');
  const headerNames = variableNames(header?.text);
  if (headerNames.length > 0) {
    const named = header?.example?.header_text_named_params;
    const list = header?.example?.header_text;
    const read = readExamples(named ?? list);
    if (read.ok) values.header = named ? read.value : Object.values(read.value);
  }
  const body = find(components, 'BODY');
  const named = body?.example?.body_text_named_params;
  const positional = Array.isArray(body?.example?.body_text) ? body.example.body_text[0] : undefined;
  const read = readExamples(named ?? positional);
  if (read.ok && Object.keys(read.value).length > 0) values.body = read.value;

  const buttons = find(components, 'BUTTONS');
  if (Array.isArray(buttons?.buttons)) {
    const byIndex: Record<number, string> = {};
    buttons.buttons.forEach((button: any, index: number) => {
      const type = String(button?.type ?? '').toUpperCase();
      const example = Array.isArray(button?.example) ? button.example[0] : button?.example;
      if (typeof example !== 'string') return;
      if (type === 'COPY_CODE') byIndex[index] = example;
      if (type === 'URL' && typeof button.url === 'string' && button.url.includes('{{')) {
        const prefix = button.url.slice(0, button.url.indexOf('{{'));
        byIndex[index] = example.startsWith(prefix) ? example.slice(prefix.length) : example;
      }
    });
    if (Object.keys(byIndex).length > 0) values.buttons = byIndex;
  }
  return values;
}

export interface MarkupSegment {
  text: string;
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
  mono?: boolean;
}

const MARKERS: Array<[string, keyof Omit<MarkupSegment, 'text'>]> = [
  ['```', 'mono'],
  ['*', 'bold'],
  ['_', 'italic'],
  ['~', 'strike'],
];

/**
 * WhatsApp's inline formatting (*bold*, _italic_, ~strike~, ```mono```) as plain segments, so the
 * preview can style them without ever interpreting the text as HTML. A marker pair must sit on one
 * line and wrap non-blank text, as in WhatsApp.
 */
export function whatsappMarkup(text: string, style: Omit<MarkupSegment, 'text'> = {}): MarkupSegment[] {
  for (let i = 0; i < text.length; i += 1) {
    for (const [marker, flag] of MARKERS) {
      if (!text.startsWith(marker, i) || style[flag]) continue;
      const close = text.indexOf(marker, i + marker.length);
      if (close < 0) continue;
      const inner = text.slice(i + marker.length, close);
      if (inner.trim() === '' || inner.includes('\n') || inner !== inner.trim()) continue;
      const before = text.slice(0, i);
      const after = text.slice(close + marker.length);
      const innerStyle = { ...style, [flag]: true };
      return [
        ...(before ? [{ text: before, ...style }] : []),
        ...(flag === 'mono' ? [{ text: inner, ...innerStyle }] : whatsappMarkup(inner, innerStyle)),
        ...whatsappMarkup(after, style),
      ];
    }
  }
  return text ? [{ text, ...style }] : [];
}
