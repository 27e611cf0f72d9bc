import type { ParsedMessageContent } from '../../../shared/contracts/messages';

/**
 * Builds the Cloud API request body (`POST /{phone-number-id}/messages`) from validated input,
 * exactly as Meta documents it. Media that come from a Strapi upload get an empty slot here; the
 * outbox worker uploads the file and writes its Meta id into the slot (`mediaSlotOf`). Pure.
 */

export type CloudApiBody = Record<string, any>;

export interface MediaFileRef {
  /** Strapi upload file id or documentId. */
  file: number | string;
  /** The WhatsApp kind of the slot: image, video, audio, document or sticker. */
  kind: 'image' | 'video' | 'audio' | 'document' | 'sticker';
}

interface BuildOptions {
  /** E.164 recipient (`to`). Wins over `recipient`, as at Meta. */
  to?: string | null;
  /**
   * Business-scoped user id (`recipient`), for a customer with no phone number. Meta silently
   * drops a BSUID given as `to`, so it only ever goes here.
   */
  recipient?: string | null;
  /** wamid of the message replied to. */
  contextWamid?: string;
  /** wamid of the message reacted to (reactions). */
  reactionWamid?: string;
  /** Template components already checked against the template. */
  templateComponents?: Record<string, unknown>[];
}

const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;

function mediaObject(source: { file?: unknown; link?: string; id?: string }, extra: Record<string, unknown>) {
  const object: Record<string, unknown> = {};
  if (source.id) object.id = source.id;
  if (source.link) object.link = source.link;
  for (const [key, value] of Object.entries(extra)) if (value !== undefined && value !== '') object[key] = value;
  return object;
}

function interactiveHeader(header: any): Record<string, unknown> | undefined {
  if (!header) return undefined;
  if (header.type === 'text') return { type: 'text', text: header.text };
  const source = header[header.type];
  return { type: header.type, [header.type]: mediaObject(source, header.type === 'document' ? { filename: source.filename } : {}) };
}

function interactiveObject(interactive: any): Record<string, unknown> {
  const common: Record<string, unknown> = {};
  const header = interactiveHeader(interactive.header);
  if (header) common.header = header;
  common.body = { text: interactive.body };
  if (interactive.footer) common.footer = { text: interactive.footer };
  switch (interactive.type) {
    case 'button':
      return {
        type: 'button',
        ...common,
        action: { buttons: interactive.buttons.map((button: any) => ({ type: 'reply', reply: { id: button.id, title: button.title } })) },
      };
    case 'list':
      return {
        type: 'list',
        ...common,
        action: {
          button: interactive.button,
          sections: interactive.sections.map((section: any) => ({
            ...(section.title ? { title: section.title } : {}),
            rows: section.rows.map((row: any) => ({ id: row.id, title: row.title, ...(row.description ? { description: row.description } : {}) })),
          })),
        },
      };
    default:
      return {
        type: 'cta_url',
        ...common,
        action: { name: 'cta_url', parameters: { display_text: interactive.displayText, url: interactive.url } },
      };
  }
}

export function buildCloudApiBody(content: ParsedMessageContent, options: BuildOptions): CloudApiBody {
  if (!options.to && !options.recipient) throw new Error('buildCloudApiBody: a phone (to) or a BSUID (recipient) is required');
  const body: CloudApiBody = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...(options.to ? { to: options.to } : { recipient: options.recipient }),
    type: content.type,
  };
  if (options.contextWamid) body.context = { message_id: options.contextWamid };

  switch (content.type) {
    case 'text':
      body.text = { preview_url: content.text.previewUrl ?? false, body: content.text.body };
      break;
    case 'template':
      body.template = {
        name: content.template.name,
        language: { code: content.template.language },
        ...(options.templateComponents && options.templateComponents.length > 0 ? { components: options.templateComponents } : {}),
      };
      break;
    case 'image':
    case 'video':
      body[content.type] = mediaObject((content as any)[content.type], { caption: (content as any)[content.type].caption });
      break;
    case 'document':
      body.document = mediaObject(content.document, { caption: content.document.caption, filename: content.document.filename });
      break;
    case 'audio':
    case 'sticker':
      body[content.type] = mediaObject((content as any)[content.type], {});
      break;
    case 'location':
      body.location = { ...content.location };
      break;
    case 'contacts':
      body.contacts = content.contacts;
      break;
    case 'interactive':
      body.interactive = interactiveObject(content.interactive);
      break;
    case 'reaction':
      body.reaction = { message_id: options.reactionWamid, emoji: content.reaction.emoji };
      break;
  }
  return body;
}

/** The Strapi file a message needs uploaded to Meta before it can be sent, if any. */
export function mediaFileOf(content: ParsedMessageContent): MediaFileRef | undefined {
  if ((MEDIA_TYPES as readonly string[]).includes(content.type)) {
    const source = (content as any)[content.type];
    return source.file !== undefined ? { file: source.file, kind: content.type as MediaFileRef['kind'] } : undefined;
  }
  if (content.type === 'interactive') {
    const header = (content.interactive as any).header;
    if (header && header.type !== 'text' && header[header.type].file !== undefined) return { file: header[header.type].file, kind: header.type };
  }
  if (content.type === 'template') {
    const header = content.template.header as any;
    if (header && ['image', 'video', 'document'].includes(header.type) && header[header.type].file !== undefined) {
      return { file: header[header.type].file, kind: header.type };
    }
  }
  return undefined;
}

/**
 * The object in a stored body that must receive the uploaded media's `id`: the media object of
 * a media message, or the media of an interactive or template header. Undefined when the body
 * has no empty media slot (a link or a Meta id was given, or the upload already happened).
 */
export function mediaSlotOf(body: CloudApiBody): Record<string, unknown> | undefined {
  const empty = (object: unknown): object is Record<string, unknown> =>
    typeof object === 'object' && object !== null && !('id' in object) && !('link' in object);
  if ((MEDIA_TYPES as readonly string[]).includes(body.type)) return empty(body[body.type]) ? body[body.type] : undefined;
  if (body.type === 'interactive') {
    const header = body.interactive?.header;
    if (header && header.type !== 'text' && empty(header[header.type])) return header[header.type];
  }
  if (body.type === 'template') {
    const header = (body.template?.components ?? []).find((component: any) => component.type === 'header');
    const parameter = header?.parameters?.[0];
    if (parameter && ['image', 'video', 'document'].includes(parameter.type) && empty(parameter[parameter.type])) {
      return parameter[parameter.type];
    }
  }
  return undefined;
}

/** A short text for the timeline and search: the text, caption or a description of the content. */
export function summaryOf(content: ParsedMessageContent, renderedTemplateBody?: string): string | null {
  switch (content.type) {
    case 'text':
      return content.text.body;
    case 'template':
      return renderedTemplateBody || null;
    case 'image':
    case 'video':
    case 'document':
      return (content as any)[content.type].caption ?? null;
    case 'location':
      return [content.location.name, content.location.address].filter(Boolean).join(', ') || `${content.location.latitude}, ${content.location.longitude}`;
    case 'contacts':
      return content.contacts.map((contact) => contact.name.formatted_name).join(', ');
    case 'interactive':
      return content.interactive.body;
    case 'reaction':
      return content.reaction.emoji;
    default:
      return null;
  }
}
