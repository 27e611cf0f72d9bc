import { examplesForStorage, readButtons, readExamples } from './normalize';
import {
  MEDIA_HEADER_FORMATS,
  type BodyExamples,
  type HeaderFormat,
  type MetaComponent,
  type MetaCreateBody,
  type ParameterFormat,
  type TemplateButton,
  type TemplateCategory,
  type TemplateDraft,
} from './types';
import { substitute, variableNames } from './variables';

/**
 * Authoring fields ⇄ Meta's `components` array (docs/whatsapp-cloud-api.md#template-creation-rules).
 * `toMetaComponents` builds what `POST /{waba}/message_templates` expects; `fromMetaComponents`
 * turns what Meta lists back into authoring fields, so a template made in WhatsApp Manager opens in
 * the editor like any other.
 */

const upper = (value: unknown, fallback: string) => (typeof value === 'string' && value.trim() ? value.trim().toUpperCase() : fallback);
const present = (value: string | null | undefined): value is string => typeof value === 'string' && value.trim() !== '';

export function toMetaComponents(draft: TemplateDraft): MetaComponent[] {
  const named = upper(draft.parameterFormat, 'POSITIONAL') === 'NAMED';
  const components: MetaComponent[] = [];

  const headerFormat = upper(draft.headerFormat, 'NONE') as HeaderFormat;
  if (headerFormat === 'TEXT' && present(draft.headerText)) {
    const header: MetaComponent = { type: 'HEADER', format: 'TEXT', text: draft.headerText };
    const [variable] = variableNames(draft.headerText);
    if (variable !== undefined && present(draft.headerExample)) {
      header.example = named
        ? { header_text_named_params: [{ param_name: variable, example: draft.headerExample }] }
        : { header_text: [draft.headerExample] };
    }
    components.push(header);
  } else if (MEDIA_HEADER_FORMATS.includes(headerFormat)) {
    const header: MetaComponent = { type: 'HEADER', format: headerFormat };
    if (present(draft.headerExample)) header.example = { header_handle: [draft.headerExample] };
    components.push(header);
  } else if (headerFormat === 'LOCATION') {
    components.push({ type: 'HEADER', format: 'LOCATION' });
  }

  const body = draft.body ?? '';
  const bodyComponent: MetaComponent = { type: 'BODY', text: body };
  const names = variableNames(body);
  if (names.length > 0) {
    const read = readExamples(draft.bodyExamples);
    const examples = read.ok ? read.value : {};
    bodyComponent.example = named
      ? { body_text_named_params: names.map((name) => ({ param_name: name, example: examples[name] ?? '' })) }
      : { body_text: [names.map((name) => examples[name] ?? '')] };
  }
  components.push(bodyComponent);

  if (present(draft.footer)) components.push({ type: 'FOOTER', text: draft.footer });

  const buttons = readButtons(draft.buttons);
  if (buttons.ok && buttons.value.length > 0) {
    components.push({ type: 'BUTTONS', buttons: buttons.value.map(toMetaButton) });
  }
  return components;
}

function toMetaButton(button: TemplateButton): Record<string, unknown> {
  switch (button.type) {
    case 'QUICK_REPLY':
      return { type: 'QUICK_REPLY', text: button.text ?? '' };
    case 'URL': {
      const url = button.url ?? '';
      const meta: Record<string, unknown> = { type: 'URL', text: button.text ?? '', url };
      // Meta wants the whole example URL, not just the variable's value.
      if (variableNames(url).length > 0 && present(button.example)) {
        meta.example = [substitute(url, () => button.example)];
      }
      return meta;
    }
    case 'PHONE_NUMBER':
      return { type: 'PHONE_NUMBER', text: button.text ?? '', phone_number: (button.phoneNumber ?? '').replace(/[\s()-]/g, '') };
    case 'COPY_CODE':
      return { type: 'COPY_CODE', example: button.example ?? '' };
    default:
      return button.raw ?? { type: button.type, ...(button.text ? { text: button.text } : {}) };
  }
}

/** The create body for `POST /{waba-id}/message_templates`. */
export function toMetaCreateBody(draft: TemplateDraft): MetaCreateBody {
  return {
    name: (draft.name ?? '').trim(),
    language: (draft.language ?? '').trim(),
    category: upper(draft.category, 'UTILITY') as TemplateCategory,
    parameter_format: upper(draft.parameterFormat, 'POSITIONAL') as ParameterFormat,
    components: toMetaComponents(draft),
  };
}

export interface AuthoringFields {
  headerFormat: HeaderFormat;
  headerText: string | null;
  headerExample: string | null;
  body: string;
  bodyExamples: BodyExamples | null;
  footer: string | null;
  buttons: TemplateButton[] | null;
  parameterCount: number;
}

const byType = (components: unknown, type: string): MetaComponent | undefined =>
  Array.isArray(components)
    ? components.find((component) => component && typeof component === 'object' && upper(component.type, '') === type)
    : undefined;

/** Meta's components (as listed by sync or received in a webhook) → the editor's fields. */
export function fromMetaComponents(components: unknown, parameterFormat: string = 'POSITIONAL'): AuthoringFields {
  const named = upper(parameterFormat, 'POSITIONAL') === 'NAMED';
  const header = byType(components, 'HEADER');
  const body = byType(components, 'BODY');
  const footer = byType(components, 'FOOTER');
  const buttons = byType(components, 'BUTTONS');

  let headerFormat: HeaderFormat = 'NONE';
  let headerText: string | null = null;
  let headerExample: string | null = null;
  if (header) {
    headerFormat = upper(header.format, 'TEXT') as HeaderFormat;
    if (headerFormat === 'TEXT') {
      headerText = typeof header.text === 'string' ? header.text : '';
      headerExample =
        firstString(header.example?.header_text) ?? firstString(header.example?.header_text_named_params?.map?.((p: any) => p?.example));
    } else {
      headerExample = firstString(header.example?.header_handle);
    }
  }

  const bodyText = typeof body?.text === 'string' ? body.text : '';
  const names = variableNames(bodyText);
  let bodyExamples: BodyExamples | null = null;
  if (names.length > 0) {
    const raw = body?.example?.body_text_named_params ?? (Array.isArray(body?.example?.body_text) ? body.example.body_text[0] : undefined);
    const read = readExamples(raw);
    bodyExamples = examplesForStorage(read.ok ? read.value : {}, names, named);
  }

  const buttonList: TemplateButton[] | null = Array.isArray(buttons?.buttons) ? buttons.buttons.map(fromMetaButton) : null;

  return {
    headerFormat,
    headerText,
    headerExample,
    body: bodyText,
    bodyExamples,
    footer: typeof footer?.text === 'string' ? footer.text : null,
    buttons: buttonList,
    parameterCount: parameterCount(components),
  };
}

function fromMetaButton(raw: any): TemplateButton {
  const type = upper(raw?.type, '');
  const text = typeof raw?.text === 'string' ? raw.text : undefined;
  switch (type) {
    case 'QUICK_REPLY':
      return { type, text };
    case 'URL': {
      const url = typeof raw.url === 'string' ? raw.url : '';
      const button: TemplateButton = { type, text, url };
      const example = firstString(raw.example);
      // Meta stores the full example URL; the editor keeps only the value of {{1}}.
      if (example && url.includes('{{')) {
        const prefix = url.slice(0, url.indexOf('{{'));
        button.example = example.startsWith(prefix) ? example.slice(prefix.length) : example;
      }
      return button;
    }
    case 'PHONE_NUMBER':
      return { type, text, phoneNumber: typeof raw.phone_number === 'string' ? raw.phone_number : undefined };
    case 'COPY_CODE':
      return { type, example: firstString(raw.example) ?? undefined };
    default:
      return { type, ...(text ? { text } : {}), raw };
  }
}

function firstString(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const first = value.flat(2).find((item) => typeof item === 'string');
    return typeof first === 'string' ? first : null;
  }
  return null;
}

/** How many values a send must provide: header + body variables + one per URL-variable/copy-code button. */
export function parameterCount(components: unknown): number {
  const header = byType(components, 'HEADER');
  const body = byType(components, 'BODY');
  const buttons = byType(components, 'BUTTONS');
  let count = 0;
  if (header && upper(header.format, 'TEXT') === 'TEXT') count += variableNames(header.text).length;
  else if (header && upper(header.format, '') !== '') count += 1; // media or location header
  count += variableNames(body?.text).length;
  if (Array.isArray(buttons?.buttons)) {
    for (const button of buttons.buttons) {
      const type = upper(button?.type, '');
      if (type === 'URL' && variableNames(button.url).length > 0) count += 1;
      if (type === 'COPY_CODE' || type === 'OTP') count += 1;
    }
  }
  return count;
}
