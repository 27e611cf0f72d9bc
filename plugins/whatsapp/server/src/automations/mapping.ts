import type { MappingSource, ParameterMapping, RenderedSlot } from '../../../shared/contracts/automations';
import { toMetaComponents, variableNames, type MetaComponent, type TemplateDraft } from '../../../shared/templates';
import { formatValue, type FormatResult } from './format';

/**
 * Template variables as "slots" a rule fills (`header.1`, `body.customer_name`, `button.0`,
 * `header.media`), and the rendering of a rule's mapping into the values of one send. Pure: field
 * values come from a resolver the caller builds over the loaded record.
 */

export interface TemplateLike extends TemplateDraft {
  components?: unknown;
  reviewStatus?: string | null;
}

export interface Slot {
  key: string;
  component: 'header' | 'body' | 'button';
  /** The variable name (`1`, `customer_name`), `media` for a media header, the index for a button. */
  name: string;
  kind: 'text' | 'media';
  /** IMAGE, VIDEO or DOCUMENT for a media header. */
  mediaFormat?: string;
  buttonIndex?: number;
  buttonType?: string;
}

const upper = (value: unknown) => String(value ?? '').toUpperCase();

/** The template's components in Meta's shape: stored ones (synced) or built from the authoring fields. */
export function templateComponents(template: TemplateLike): MetaComponent[] {
  if (Array.isArray(template.components) && template.components.length > 0) return template.components as MetaComponent[];
  return toMetaComponents(template);
}

const byType = (components: MetaComponent[], type: string) => components.find((component) => upper(component?.type) === type);

export function templateSlots(template: TemplateLike): { slots: Slot[]; named: boolean } {
  const components = templateComponents(template);
  const named = upper(template.parameterFormat) === 'NAMED';
  const slots: Slot[] = [];

  const header = byType(components, 'HEADER');
  if (header) {
    const format = upper(header.format || 'TEXT');
    if (format === 'TEXT') {
      for (const name of variableNames(header.text)) slots.push({ key: `header.${name}`, component: 'header', name, kind: 'text' });
    } else if (format === 'IMAGE' || format === 'VIDEO' || format === 'DOCUMENT') {
      slots.push({ key: 'header.media', component: 'header', name: 'media', kind: 'media', mediaFormat: format });
    }
  }
  const body = byType(components, 'BODY');
  for (const name of variableNames(body?.text)) slots.push({ key: `body.${name}`, component: 'body', name, kind: 'text' });

  const buttons = byType(components, 'BUTTONS');
  if (Array.isArray(buttons?.buttons)) {
    buttons.buttons.forEach((button: any, index: number) => {
      const type = upper(button?.type);
      const dynamicUrl = type === 'URL' && variableNames(button?.url).length > 0;
      if (dynamicUrl || type === 'COPY_CODE') {
        slots.push({ key: `button.${index}`, component: 'button', name: String(index), kind: 'text', buttonIndex: index, buttonType: type });
      }
    });
  }
  return { slots, named };
}

export interface MappingProblem {
  slot: string;
  message: string;
}

/** Every variable needs a source, and every source must be a variable of the template. */
export function checkMapping(slots: Slot[], mapping: ParameterMapping, templateLabel: string): MappingProblem[] {
  const problems: MappingProblem[] = [];
  for (const slot of slots) {
    if (!mapping[slot.key]) problems.push({ slot: slot.key, message: `${slot.key} of ${templateLabel} has no value: map it to a field, a fixed text or the record's admin URL` });
  }
  const known = new Set(slots.map((slot) => slot.key));
  for (const key of Object.keys(mapping)) {
    if (!known.has(key)) problems.push({ slot: key, message: `${key} is not a variable of ${templateLabel}` });
  }
  for (const slot of slots) {
    const source = mapping[slot.key];
    if (slot.kind === 'media' && source?.source === 'adminUrl') {
      problems.push({ slot: slot.key, message: `${slot.key} needs the https URL of a file, not the admin URL` });
    }
  }
  return problems;
}

export interface FieldValue {
  value: unknown;
  /** The Strapi attribute type the path ends on (drives `auto` formatting). */
  attributeType?: string;
}

export interface RenderContext {
  resolve(path: string): FieldValue;
  /** BCP 47 locale for numbers and dates (the tenant's language). */
  locale: string;
  /** The record's page in the admin panel. */
  adminUrl: string;
  timeZone?: string;
}

export interface RenderedValues {
  header: Record<string, string>;
  body: Record<string, string>;
  buttons: Record<string, string>;
}

export interface RenderResult {
  values: RenderedValues;
  rendered: RenderedSlot[];
  problems: MappingProblem[];
}

function renderSource(source: MappingSource, context: RenderContext): FormatResult {
  if (source.source === 'fixed') return { ok: true, text: source.value };
  if (source.source === 'adminUrl') return { ok: true, text: context.adminUrl };

  const { value, attributeType } = context.resolve(source.path);
  const empty = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  if (empty) {
    if (source.fallback !== undefined && source.fallback !== '') return { ok: true, text: source.fallback };
    return { ok: false, error: `${source.path} is empty` };
  }
  let currency = source.currency;
  if (source.format === 'currency' && source.currencyPath) {
    const code = context.resolve(source.currencyPath).value;
    if (typeof code === 'string' && /^[A-Za-z]{3}$/.test(code.trim())) currency = code.trim().toUpperCase();
  }
  const formatted = formatValue(value, {
    format: source.format,
    attributeType,
    locale: context.locale,
    currency,
    timeZone: context.timeZone,
  });
  if (!formatted.ok) return { ok: false, error: `${source.path}: ${formatted.error}` };
  if (formatted.text.trim() === '') return { ok: false, error: `${source.path} is empty` };
  return formatted;
}

export function renderParameters(slots: Slot[], mapping: ParameterMapping, context: RenderContext): RenderResult {
  const values: RenderedValues = { header: {}, body: {}, buttons: {} };
  const rendered: RenderedSlot[] = [];
  const problems: MappingProblem[] = [];
  for (const slot of slots) {
    const source = mapping[slot.key];
    if (!source) {
      problems.push({ slot: slot.key, message: `${slot.key} has no value in the rule's mapping` });
      continue;
    }
    const result = renderSource(source, context);
    if (!result.ok) {
      problems.push({ slot: slot.key, message: `${slot.key}: ${result.error}` });
      continue;
    }
    let text = result.text;
    // WhatsApp refuses newlines, tabs and runs of 4+ spaces in template parameters (error 132018).
    if (slot.kind === 'text') text = text.replace(/[\t\r\n]+/g, ' ').replace(/ {4,}/g, '   ');
    if (slot.kind === 'media' && !/^https:\/\//i.test(text)) {
      problems.push({ slot: slot.key, message: `${slot.key}: ${text} is not an https URL of a file` });
      continue;
    }
    rendered.push({ slot: slot.key, value: text });
    if (slot.component === 'header') values.header[slot.name] = text;
    else if (slot.component === 'body') values.body[slot.name] = text;
    else values.buttons[slot.name] = text;
  }
  return { values, rendered, problems };
}

/** Positional variables are sent in order ({{1}}, {{2}}…); named ones by name. */
function ordered(values: Record<string, string>, named: boolean): string[] | Record<string, string> {
  if (named) return values;
  return Object.keys(values)
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => values[key]);
}

export interface TemplateSendParts {
  header?: unknown;
  body?: string[] | Record<string, string>;
  buttons?: Array<{ index: number; parameter: string }>;
}

/** The `template` part of a send (shared/contracts/messages.ts), from rendered values. */
export function toTemplateSendParts(slots: Slot[], values: RenderedValues, named: boolean): TemplateSendParts {
  const parts: TemplateSendParts = {};
  const mediaSlot = slots.find((slot) => slot.kind === 'media');
  if (mediaSlot && values.header.media) {
    const kind = (mediaSlot.mediaFormat ?? 'IMAGE').toLowerCase();
    parts.header = { type: kind, [kind]: { link: values.header.media } };
  } else if (Object.keys(values.header).length > 0) {
    parts.header = { type: 'text', parameters: ordered(values.header, named) };
  }
  if (Object.keys(values.body).length > 0) parts.body = ordered(values.body, named);
  const buttons = Object.entries(values.buttons).map(([index, parameter]) => ({ index: Number(index), parameter }));
  if (buttons.length > 0) parts.buttons = buttons.sort((a, b) => a.index - b.index);
  return parts;
}
