import type { InboundMessage } from './webhook-types';

/**
 * Meta's inbound message (docs/whatsapp-cloud-api.md#inbound-message-types) → the comms-log fields
 * that do not need the database. Pure, so every message type is tested without Strapi.
 */

/** Types the `message.type` enumeration knows; anything else is stored as `unknown`. */
const KNOWN_TYPES = new Set([
  'text',
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'location',
  'contacts',
  'interactive',
  'button',
  'reaction',
  'order',
  'system',
  'request_welcome',
  'unsupported',
]);

export const MEDIA_TYPES = new Set(['image', 'audio', 'video', 'document', 'sticker']);

export interface MappedInbound {
  wamid: string;
  type: string;
  body: string | null;
  caption: string | null;
  /** The type-specific object as Meta sent it (kept whole for the timeline). */
  payload: Record<string, unknown>;
  occurredAt: Date;
  contextWamid: string | null;
  forwarded: boolean;
  frequentlyForwarded: boolean;
  referral: Record<string, unknown> | null;
  reactionEmoji: string | null;
  media: null | { id: string; mimeType: string | null; sha256: string | null; filename: string | null; url: string | null };
  error: null | { code: number | null; title: string | null; details: string | null };
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Webhook timestamps are Unix seconds as strings; a missing one means "now". */
export function timestampOf(value: unknown, fallback = new Date()): Date {
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : fallback;
}

/** Readable text for the timeline and the inbox preview, whatever the type. */
function bodyOf(type: string, content: any, message: InboundMessage): string | null {
  switch (type) {
    case 'text':
      return str(content?.body);
    case 'image':
    case 'video':
    case 'document':
      return str(content?.caption);
    case 'location':
      return [str(content?.name), str(content?.address)].filter(Boolean).join(', ') || (content ? `${content.latitude}, ${content.longitude}` : null);
    case 'contacts':
      return Array.isArray(content)
        ? content.map((c: any) => str(c?.name?.formatted_name) ?? str(c?.phones?.[0]?.phone)).filter(Boolean).join(', ') || null
        : null;
    case 'interactive': {
      const reply = content?.button_reply ?? content?.list_reply;
      if (reply) return str(reply.title);
      if (content?.nfm_reply) return str(content.nfm_reply.body) ?? str(content.nfm_reply.name);
      return str(content?.type);
    }
    case 'button':
      return str(content?.text) ?? str(content?.payload);
    case 'reaction':
      return str(content?.emoji);
    case 'order':
      return str(content?.text) ?? (Array.isArray(content?.product_items) ? `${content.product_items.length} item(s)` : null);
    case 'system':
      return str(content?.body);
    case 'unsupported':
    case 'unknown': {
      const error = message.errors?.[0];
      return str(error?.error_data?.details) ?? str(error?.title) ?? str(error?.message);
    }
    default:
      return null;
  }
}

export function mapInboundMessage(message: InboundMessage, now = new Date()): MappedInbound | null {
  if (!message || typeof message !== 'object' || typeof message.id !== 'string' || !message.id) return null;
  const metaType = typeof message.type === 'string' ? message.type : 'unknown';
  const type = KNOWN_TYPES.has(metaType) ? metaType : 'unknown';
  // Own properties only: a type such as "constructor" must not read Object.prototype's.
  const content = Object.prototype.hasOwnProperty.call(message, metaType) ? message[metaType] : undefined;
  const context = message.context && typeof message.context === 'object' ? message.context : undefined;
  const error = Array.isArray(message.errors) && message.errors.length ? message.errors[0] : undefined;

  let media: MappedInbound['media'] = null;
  if (MEDIA_TYPES.has(type) && content && typeof content === 'object' && str(content.id)) {
    media = {
      id: content.id,
      mimeType: str(content.mime_type),
      sha256: str(content.sha256),
      filename: str(content.filename),
      url: str(content.url),
    };
  }

  const payload: Record<string, unknown> = content !== undefined ? { [metaType]: content } : {};
  if (type === 'unknown' && metaType !== 'unknown') payload.metaType = metaType;
  if (context?.referred_product) payload.referredProduct = context.referred_product;
  if (error) payload.errors = message.errors;

  return {
    wamid: message.id,
    type,
    body: bodyOf(type, content, message),
    caption: MEDIA_TYPES.has(type) ? str(content?.caption) : null,
    payload,
    occurredAt: timestampOf(message.timestamp, now),
    // A reaction points at its target through reaction.message_id; a reply through context.id.
    contextWamid: type === 'reaction' ? str(content?.message_id) : str(context?.id),
    forwarded: Boolean(context?.forwarded || context?.frequently_forwarded),
    frequentlyForwarded: Boolean(context?.frequently_forwarded),
    referral: message.referral && typeof message.referral === 'object' ? message.referral : null,
    reactionEmoji: type === 'reaction' ? str(content?.emoji) : null,
    media,
    error: error
      ? {
          code: typeof error.code === 'number' ? error.code : Number(error.code) || null,
          title: str(error.title) ?? str(error.message),
          details: str(error.error_data?.details) ?? str(error.message),
        }
      : null,
  };
}

/** Opt-out keyword: the whole text (trimmed, case-insensitive, trailing punctuation ignored). */
export function isOptOutKeyword(text: string | null | undefined, keywords: string[]): boolean {
  if (!text) return false;
  const normalized = text.trim().replace(/[.!¡?¿\s]+$/u, '').replace(/^[¡¿\s]+/u, '').toUpperCase();
  return normalized.length > 0 && keywords.includes(normalized);
}
