import type { TemplateContent, TemplateTextParameter } from '../../../shared/contracts/messages';
import { substitute, variablesOf } from '../../../shared/templates/variables';

/**
 * Checks the parameters given for a template against the template's own definition (header,
 * body, buttons; positional {{1}} or named {{first_name}}) and builds the Cloud API `components`.
 * Meta would refuse a mismatch with 132000/132012 after the message was queued; here the caller
 * gets every problem at once, before anything is stored. Pure: no Strapi, no I/O.
 */

/** The template as stored (synced from Meta or authored in Strapi). */
export interface TemplateDefinition {
  name: string;
  language: string;
  category?: string | null;
  parameterFormat?: string | null;
  /** Meta's wire components (HEADER/BODY/FOOTER/BUTTONS), when known. */
  components?: unknown;
  headerFormat?: string | null;
  headerText?: string | null;
  body?: string | null;
  buttons?: unknown;
}

export interface TemplateProblem {
  path: string[];
  message: string;
}

/** A media slot the caller fills with a Meta media id, a link or (later) an uploaded file. */
export interface HeaderMedia {
  type: 'image' | 'video' | 'document';
  source: { file?: number | string; link?: string; id?: string; filename?: string };
}

export interface BuiltTemplate {
  components: Record<string, unknown>[];
  /** Set when the header needs a Strapi file uploaded first. */
  headerMedia?: HeaderMedia;
  /** The body text with the variables filled in, for the timeline. */
  renderedBody: string;
}


interface NormalisedButton {
  type: string;
  text?: string;
  url?: string;
}

interface NormalisedTemplate {
  named: boolean;
  header?: { format: string; text?: string };
  body?: string;
  buttons: NormalisedButton[];
}

const upper = (value: unknown) => String(value ?? '').toUpperCase();
const isObject = (value: unknown): value is Record<string, any> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads Meta's components when present, else the flat fields of the template content type. */
export function normaliseTemplate(definition: TemplateDefinition): NormalisedTemplate {
  const named = upper(definition.parameterFormat) === 'NAMED';
  const components = Array.isArray(definition.components) ? definition.components.filter(isObject) : [];
  if (components.length > 0) {
    const find = (type: string) => components.find((component) => upper(component.type) === type);
    const header = find('HEADER');
    const buttons = find('BUTTONS');
    return {
      named,
      header: header ? { format: upper(header.format || 'TEXT'), text: header.text } : undefined,
      body: find('BODY')?.text,
      buttons: Array.isArray(buttons?.buttons)
        ? buttons.buttons.filter(isObject).map((button: any) => ({ type: upper(button.type), text: button.text, url: button.url }))
        : [],
    };
  }
  const headerFormat = upper(definition.headerFormat || 'NONE');
  return {
    named,
    header: headerFormat === 'NONE' ? undefined : { format: headerFormat, text: definition.headerText ?? undefined },
    body: definition.body ?? undefined,
    buttons: Array.isArray(definition.buttons)
      ? definition.buttons.filter(isObject).map((button: any) => ({ type: upper(button.type), text: button.text, url: button.url }))
      : [],
  };
}

type WireParameter = Record<string, unknown>;

/**
 * Meta refuses body/header text parameters with new lines, tabs or more than four consecutive
 * spaces (error 132018 / 100 "Param text cannot have new-line/tab characters or more than 4
 * consecutive spaces").
 */
const BAD_TEXT = /[\n\t]| {5,}/;

function textParameter(value: TemplateTextParameter, name: string | undefined, path: string[], problems: TemplateProblem[]): WireParameter | undefined {
  const label = name ? { parameter_name: name } : {};
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value);
    if (text.trim() === '') {
      problems.push({ path, message: 'a template variable must not be empty' });
      return undefined;
    }
    if (BAD_TEXT.test(text)) {
      problems.push({ path, message: 'a template variable cannot contain new lines, tabs or more than 4 consecutive spaces' });
      return undefined;
    }
    return { type: 'text', text, ...label };
  }
  if (value.type === 'text') return textParameter(value.text, name, path, problems);
  if (value.type === 'currency') {
    return {
      type: 'currency',
      currency: { fallback_value: value.currency.fallbackValue, code: value.currency.code, amount_1000: value.currency.amount1000 },
      ...label,
    };
  }
  return { type: 'date_time', date_time: { fallback_value: value.dateTime.fallbackValue }, ...label };
}

function displayOf(value: TemplateTextParameter): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (value.type === 'text') return value.text;
  if (value.type === 'currency') return value.currency.fallbackValue;
  return value.dateTime.fallbackValue;
}

/**
 * Matches given text parameters to a text's variables. Positional input is an array ({{1}} is
 * the first item); named input is an object keyed by variable name.
 */
function textParameters(
  part: 'header' | 'body',
  text: string | undefined,
  given: TemplateTextParameter[] | Record<string, TemplateTextParameter> | undefined,
  named: boolean,
  problems: TemplateProblem[]
): { parameters: WireParameter[]; values: Record<string, string> } {
  const variables = variablesOf(text);
  const path = ['template', part];
  const values: Record<string, string> = {};
  if (given === undefined || (Array.isArray(given) && given.length === 0) || (!Array.isArray(given) && Object.keys(given).length === 0)) {
    if (variables.length > 0) {
      problems.push({ path, message: `the ${part} has ${variables.length} variable(s) (${variables.map((v) => `{{${v}}}`).join(', ')}) and none were given` });
    }
    return { parameters: [], values };
  }
  if (variables.length === 0) {
    problems.push({ path, message: `the ${part} of this template has no variables, but parameters were given` });
    return { parameters: [], values };
  }
  const parameters: WireParameter[] = [];
  if (named) {
    if (Array.isArray(given)) {
      problems.push({ path, message: `this template uses named variables: give the ${part} as an object { ${variables.map((v) => `${v}: …`).join(', ')} }` });
      return { parameters, values };
    }
    const unknown = Object.keys(given).filter((key) => !variables.includes(key));
    const missing = variables.filter((key) => !(key in given));
    if (unknown.length > 0) problems.push({ path, message: `unknown ${part} variable(s): ${unknown.join(', ')} (the template has ${variables.join(', ')})` });
    if (missing.length > 0) problems.push({ path, message: `missing ${part} variable(s): ${missing.join(', ')}` });
    if (unknown.length > 0 || missing.length > 0) return { parameters, values };
    for (const name of variables) {
      const parameter = textParameter(given[name], name, [...path, name], problems);
      if (parameter) parameters.push(parameter);
      values[name] = displayOf(given[name]);
    }
    return { parameters, values };
  }
  if (!Array.isArray(given)) {
    problems.push({ path, message: `this template uses positional variables ({{1}}, {{2}} …): give the ${part} as a list` });
    return { parameters, values };
  }
  if (given.length !== variables.length) {
    problems.push({ path, message: `the ${part} has ${variables.length} variable(s), ${given.length} given` });
    return { parameters, values };
  }
  // Positional variables are numbered; parameter i fills {{i}} whatever the order they appear in.
  const ordered = [...variables].sort((a, b) => Number(a) - Number(b));
  ordered.forEach((variable, index) => {
    const parameter = textParameter(given[index], undefined, [...path, String(index)], problems);
    if (parameter) parameters.push(parameter);
    values[variable] = displayOf(given[index]);
  });
  return { parameters, values };
}

const fill = (text: string | undefined, values: Record<string, string>) =>
  substitute(text ?? '', (name) => values[name.trim()]);

/** What each template button needs: the sub_type Meta expects and its parameter type. */
function buttonNeeds(button: NormalisedButton): { subType: string; parameterType: 'text' | 'payload' | 'coupon_code'; required: boolean } | undefined {
  switch (button.type) {
    case 'URL':
      return variablesOf(button.url).length > 0 ? { subType: 'url', parameterType: 'text', required: true } : undefined;
    case 'OTP':
      // Authentication templates: the one-time code goes in as the URL button's text.
      return { subType: 'url', parameterType: 'text', required: true };
    case 'COPY_CODE':
      return { subType: 'copy_code', parameterType: 'coupon_code', required: true };
    case 'QUICK_REPLY':
      return { subType: 'quick_reply', parameterType: 'payload', required: false };
    default:
      return undefined;
  }
}

export function buildTemplateComponents(definition: TemplateDefinition, input: TemplateContent): { result?: BuiltTemplate; problems: TemplateProblem[] } {
  const template = normaliseTemplate(definition);
  const problems: TemplateProblem[] = [];
  const components: Record<string, unknown>[] = [];
  let headerMedia: HeaderMedia | undefined;

  // Header: text variables, or exactly one media/location parameter of the template's format.
  const header = template.header;
  const headerInput = input.header as any;
  if (!header || header.format === 'TEXT') {
    const given = headerInput === undefined ? undefined : headerInput.type === 'text' ? headerInput.parameters : undefined;
    if (headerInput !== undefined && headerInput.type !== 'text') {
      problems.push({ path: ['template', 'header'], message: header ? 'this template has a text header, not a media header' : 'this template has no header' });
    } else if (!header && headerInput !== undefined) {
      problems.push({ path: ['template', 'header'], message: 'this template has no header' });
    } else {
      const { parameters } = textParameters('header', header?.text, given, template.named, problems);
      if (parameters.length > 0) components.push({ type: 'header', parameters });
    }
  } else {
    const format = header.format.toLowerCase();
    if (headerInput === undefined) {
      problems.push({ path: ['template', 'header'], message: `this template has a ${format} header: give header: { type: '${format}', ${format}: … }` });
    } else if (headerInput.type !== format) {
      problems.push({ path: ['template', 'header'], message: `this template's header is ${format}, not ${headerInput.type}` });
    } else if (format === 'location') {
      components.push({ type: 'header', parameters: [{ type: 'location', location: headerInput.location }] });
    } else if (format === 'image' || format === 'video' || format === 'document') {
      const source = headerInput[format];
      const wire: Record<string, unknown> = {};
      if (source.id) wire.id = source.id;
      if (source.link) wire.link = source.link;
      if (format === 'document' && source.filename) wire.filename = source.filename;
      if (source.file !== undefined) headerMedia = { type: format, source };
      components.push({ type: 'header', parameters: [{ type: format, [format]: wire }] });
    } else {
      problems.push({ path: ['template', 'header'], message: `${format} headers are not supported by this plugin` });
    }
  }

  // Body
  const body = textParameters('body', template.body, input.body as any, template.named, problems);
  if (body.parameters.length > 0) components.push({ type: 'body', parameters: body.parameters });

  // Buttons, by their index in the template.
  const givenButtons = input.buttons ?? [];
  const seen = new Set<number>();
  for (const [position, button] of givenButtons.entries()) {
    const path = ['template', 'buttons', String(position)];
    const definitionButton = template.buttons[button.index];
    if (seen.has(button.index)) {
      problems.push({ path, message: `button ${button.index} is given twice` });
      continue;
    }
    seen.add(button.index);
    if (!definitionButton) {
      problems.push({ path, message: `the template has no button at index ${button.index} (it has ${template.buttons.length})` });
      continue;
    }
    const needs = buttonNeeds(definitionButton);
    if (!needs) {
      problems.push({ path, message: `button ${button.index} (${definitionButton.type.toLowerCase()}) takes no parameter` });
      continue;
    }
    if (needs.parameterType === 'text' && BAD_TEXT.test(button.parameter)) {
      problems.push({ path, message: 'a button parameter cannot contain new lines, tabs or more than 4 consecutive spaces' });
      continue;
    }
    components.push({
      type: 'button',
      sub_type: needs.subType,
      index: String(button.index),
      parameters: [{ type: needs.parameterType, [needs.parameterType]: button.parameter }],
    });
  }
  template.buttons.forEach((definitionButton, index) => {
    const needs = buttonNeeds(definitionButton);
    if (needs?.required && !seen.has(index)) {
      const what = needs.parameterType === 'coupon_code' ? 'the code to copy' : definitionButton.type === 'OTP' ? 'the one-time code' : 'the URL suffix';
      problems.push({ path: ['template', 'buttons'], message: `button ${index} (${definitionButton.type.toLowerCase()}) needs a parameter: ${what}` });
    }
  });

  if (problems.length > 0) return { problems };
  // Buttons in index order, as Meta lists them.
  const ordered = [
    ...components.filter((component) => component.type !== 'button'),
    ...components.filter((component) => component.type === 'button').sort((a, b) => Number(a.index) - Number(b.index)),
  ];
  return { result: { components: ordered, headerMedia, renderedBody: fill(template.body, body.values) }, problems };
}
