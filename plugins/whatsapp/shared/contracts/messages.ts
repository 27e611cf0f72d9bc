import { z } from 'zod';
import { PLAIN_PAGE_MESSAGES, pageQuery, type Pagination } from './pagination';

export type { Pagination };

/**
 * The send contract: one input shape for the REST route (`POST /api/whatsapp/messages`), the
 * admin route (`POST /whatsapp/messages`), the admin composer, automations and other plugins
 * (`strapi.plugin('whatsapp').service('messages').send(input)`). The server validates with these
 * schemas; the admin reuses them for its forms. Field names are camelCase; the server turns them
 * into the Cloud API's snake_case request body.
 */

/** WhatsApp limits (Cloud API reference, "Messages"). Characters, not bytes. */
export const LIMITS = {
  text: 4096,
  caption: 1024,
  interactiveBody: 1024,
  interactiveHeaderText: 60,
  interactiveFooter: 60,
  replyButtonTitle: 20,
  replyButtonId: 256,
  listButton: 20,
  listSectionTitle: 24,
  listRowTitle: 24,
  listRowId: 200,
  listRowDescription: 72,
  listRows: 10,
  ctaDisplayText: 20,
  templateTextParameter: 32768,
} as const;

/** Counts characters the way WhatsApp does: an emoji is one character, not two UTF-16 units. */
export const charLength = (value: string) => [...value].length;

const text = (max: number, what: string) =>
  z
    .string({ required_error: `${what} is required`, invalid_type_error: `${what} must be a string` })
    .refine((value) => value.trim() !== '', `${what} must not be empty`)
    .refine((value) => charLength(value) <= max, `${what} must be at most ${max} characters`);

const optionalText = (max: number, what: string) =>
  z
    .string({ invalid_type_error: `${what} must be a string` })
    .refine((value) => charLength(value) <= max, `${what} must be at most ${max} characters`)
    .optional();

const httpUrl = z
  .string()
  .url('must be a URL')
  .refine((value) => /^https?:\/\//i.test(value), 'must be an http(s) URL');

// -------------------------------------------------------------------------------------------------
// Media
// -------------------------------------------------------------------------------------------------

/**
 * Where a media file comes from: a Strapi upload (`file`: its id or documentId; the outbox worker
 * uploads it to Meta before sending), a public `link` (Meta fetches it), or a Meta media `id`
 * uploaded earlier. Exactly one.
 */
export const mediaSourceSchema = z
  .object({
    file: z.union([z.number().int().positive(), z.string().min(1)]).optional(),
    link: httpUrl.optional(),
    id: z.string().min(1).optional(),
  })
  .strict()
  .refine((media) => [media.file, media.link, media.id].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of file (a Strapi upload), link (a public URL) or id (a Meta media id)',
  });

export type MediaSource = z.infer<typeof mediaSourceSchema>;

const withCaption = (schema: z.ZodTypeAny) =>
  z.intersection(schema, z.object({ caption: optionalText(LIMITS.caption, 'caption') }));

const captionedMedia = z
  .object({
    file: z.union([z.number().int().positive(), z.string().min(1)]).optional(),
    link: httpUrl.optional(),
    id: z.string().min(1).optional(),
    caption: optionalText(LIMITS.caption, 'caption'),
  })
  .strict();

const documentMedia = captionedMedia.extend({ filename: z.string().min(1).max(240).optional() }).strict();

const exactlyOneSource = (media: { file?: unknown; link?: unknown; id?: unknown }) =>
  [media.file, media.link, media.id].filter((v) => v !== undefined).length === 1;
const sourceMessage = { message: 'give exactly one of file (a Strapi upload), link (a public URL) or id (a Meta media id)' };

// -------------------------------------------------------------------------------------------------
// Templates
// -------------------------------------------------------------------------------------------------

/** A value for a text variable: plain text (numbers are written as text), currency or date. */
export const templateTextParameterSchema = z.union([
  z.string().refine((value) => value.trim() !== '', 'a template variable must not be empty'),
  z.number().finite().transform(String),
  z.object({ type: z.literal('text'), text: z.string().min(1) }).strict(),
  z
    .object({
      type: z.literal('currency'),
      currency: z.object({
        fallbackValue: z.string().min(1),
        code: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
        amount1000: z.number().int(),
      }),
    })
    .strict(),
  z.object({ type: z.literal('date_time'), dateTime: z.object({ fallbackValue: z.string().min(1) }) }).strict(),
]);

export type TemplateTextParameter = z.input<typeof templateTextParameterSchema>;

/** Positional (`['Ana', 'PO-7']` for {{1}}, {{2}}) or named (`{ first_name: 'Ana' }`). */
export const templateTextParametersSchema = z.union([
  z.array(templateTextParameterSchema).max(100),
  z.record(z.string().regex(/^[a-z0-9_]+$/, 'named parameters are lowercase letters, digits and _'), templateTextParameterSchema),
]);

export type TemplateTextParameters = z.input<typeof templateTextParametersSchema>;

const locationSchema = z
  .object({
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    name: z.string().max(1000).optional(),
    address: z.string().max(1000).optional(),
  })
  .strict();

/** A media or location header, or the text header's variables. A bare value means text. */
export const templateHeaderSchema = z.preprocess(
  (value) => {
    if (typeof value === 'string' || typeof value === 'number') return { type: 'text', parameters: [value] };
    if (Array.isArray(value)) return { type: 'text', parameters: value };
    if (value && typeof value === 'object' && !('type' in value)) return { type: 'text', parameters: value };
    return value;
  },
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('text'), parameters: templateTextParametersSchema }).strict(),
    z.object({ type: z.literal('image'), image: mediaSourceSchema }).strict(),
    z.object({ type: z.literal('video'), video: mediaSourceSchema }).strict(),
    z
      .object({
        type: z.literal('document'),
        document: z.intersection(mediaSourceSchema, z.object({ filename: z.string().min(1).max(240).optional() })),
      })
      .strict(),
    z.object({ type: z.literal('location'), location: locationSchema }).strict(),
  ])
);

export type TemplateHeaderInput = z.input<typeof templateHeaderSchema>;

/**
 * The variable of a template button, by the button's position in the template: the URL suffix
 * of a dynamic URL button, the code of a copy-code/OTP button, or the payload of a quick reply.
 */
export const templateButtonParameterSchema = z
  .object({
    index: z.number().int().min(0).max(9),
    parameter: z.string().min(1).max(2000),
  })
  .strict();

export const templateContentSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'template names are lowercase letters, digits and _'),
    language: z.string().regex(/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/, 'must be a template language code such as en_US'),
    header: templateHeaderSchema.optional(),
    body: templateTextParametersSchema.optional(),
    buttons: z.array(templateButtonParameterSchema).max(10).optional(),
  })
  .strict();

export type TemplateContent = z.input<typeof templateContentSchema>;

// -------------------------------------------------------------------------------------------------
// Interactive
// -------------------------------------------------------------------------------------------------

const interactiveHeaderSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: text(LIMITS.interactiveHeaderText, 'header text') }).strict(),
  z.object({ type: z.literal('image'), image: mediaSourceSchema }).strict(),
  z.object({ type: z.literal('video'), video: mediaSourceSchema }).strict(),
  z
    .object({
      type: z.literal('document'),
      document: z.intersection(mediaSourceSchema, z.object({ filename: z.string().min(1).max(240).optional() })),
    })
    .strict(),
]);

const interactiveCommon = {
  body: text(LIMITS.interactiveBody, 'body'),
  footer: optionalText(LIMITS.interactiveFooter, 'footer'),
};

export const interactiveSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('button'),
      header: interactiveHeaderSchema.optional(),
      ...interactiveCommon,
      buttons: z
        .array(
          z
            .object({
              id: text(LIMITS.replyButtonId, 'button id'),
              title: text(LIMITS.replyButtonTitle, 'button title'),
            })
            .strict()
        )
        .min(1, 'give 1 to 3 reply buttons')
        .max(3, 'give 1 to 3 reply buttons')
        .refine((buttons) => new Set(buttons.map((b) => b.id)).size === buttons.length, 'button ids must be unique'),
    })
    .strict(),
  z
    .object({
      type: z.literal('list'),
      header: z.object({ type: z.literal('text'), text: text(LIMITS.interactiveHeaderText, 'header text') }).strict().optional(),
      ...interactiveCommon,
      button: text(LIMITS.listButton, 'list button'),
      sections: z
        .array(
          z
            .object({
              title: optionalText(LIMITS.listSectionTitle, 'section title'),
              rows: z
                .array(
                  z
                    .object({
                      id: text(LIMITS.listRowId, 'row id'),
                      title: text(LIMITS.listRowTitle, 'row title'),
                      description: optionalText(LIMITS.listRowDescription, 'row description'),
                    })
                    .strict()
                )
                .min(1, 'a section needs at least one row'),
            })
            .strict()
        )
        .min(1, 'give 1 to 10 sections')
        .max(10, 'give 1 to 10 sections')
        .refine(
          (sections) => sections.reduce((total, section) => total + section.rows.length, 0) <= LIMITS.listRows,
          `a list has at most ${LIMITS.listRows} rows in total`
        )
        .refine(
          (sections) => sections.length === 1 || sections.every((section) => section.title),
          'every section needs a title when there are several'
        ),
    })
    .strict(),
  z
    .object({
      type: z.literal('cta_url'),
      header: interactiveHeaderSchema.optional(),
      ...interactiveCommon,
      displayText: text(LIMITS.ctaDisplayText, 'displayText'),
      url: httpUrl,
    })
    .strict(),
]);

export type InteractiveContent = z.input<typeof interactiveSchema>;

// -------------------------------------------------------------------------------------------------
// Contacts (Meta's own shape, snake_case, as the recipient's phone shows it)
// -------------------------------------------------------------------------------------------------

const contactCardSchema = z
  .object({
    name: z.object({ formatted_name: z.string().min(1) }).passthrough(),
    phones: z.array(z.object({ phone: z.string().optional(), type: z.string().optional(), wa_id: z.string().optional() }).strict()).optional(),
    emails: z.array(z.object({ email: z.string().optional(), type: z.string().optional() }).strict()).optional(),
    org: z.object({ company: z.string().optional(), department: z.string().optional(), title: z.string().optional() }).strict().optional(),
    addresses: z.array(z.record(z.string())).optional(),
    urls: z.array(z.object({ url: z.string().optional(), type: z.string().optional() }).strict()).optional(),
    birthday: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'birthday is YYYY-MM-DD').optional(),
  })
  .strict();

// -------------------------------------------------------------------------------------------------
// The send input
// -------------------------------------------------------------------------------------------------

const textContent = z.preprocess(
  (value) => (typeof value === 'string' ? { body: value } : value),
  z.object({ body: text(LIMITS.text, 'text'), previewUrl: z.boolean().optional() }).strict()
);

/** The content of a message: `type` plus the object named after it, as in the Cloud API. */
export const messageContentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: textContent }),
  z.object({ type: z.literal('template'), template: templateContentSchema }),
  z.object({ type: z.literal('image'), image: captionedMedia.refine(exactlyOneSource, sourceMessage) }),
  z.object({ type: z.literal('video'), video: captionedMedia.refine(exactlyOneSource, sourceMessage) }),
  z.object({ type: z.literal('document'), document: documentMedia.refine(exactlyOneSource, sourceMessage) }),
  z.object({ type: z.literal('audio'), audio: mediaSourceSchema }),
  z.object({ type: z.literal('sticker'), sticker: mediaSourceSchema }),
  z.object({ type: z.literal('location'), location: locationSchema }),
  z.object({ type: z.literal('contacts'), contacts: z.array(contactCardSchema).min(1).max(20) }),
  z.object({ type: z.literal('interactive'), interactive: interactiveSchema }),
  z.object({
    type: z.literal('reaction'),
    reaction: z
      .object({
        /** The message reacted to: its wamid or its documentId in the comms log. */
        message: z.string().min(1),
        /** One emoji; an empty string removes the reaction. */
        emoji: z.string().max(16),
      })
      .strict(),
  }),
]);

export type MessageContent = z.input<typeof messageContentSchema>;
export type MessageType = MessageContent['type'];

/** Who gets the message and who sends it; shared by every content type. */
export const sendEnvelopeSchema = z
  .object({
    /**
     * The recipient's phone, international form (`+34 600 11 12 22`), or their WhatsApp user id
     * (BSUID, `US.13491208655302741918`; sent to Meta as `recipient`). Or `customer`.
     */
    to: z.string().min(3).max(140).optional(),
    /** The recipient as a customer documentId. Or `to`. */
    customer: z.string().min(1).optional(),
    /** Tenant documentId; defaults to the customer's tenant. */
    tenant: z.string().min(1).optional(),
    /** Sender: Meta phone number id of one of our numbers; defaults to the tenant's number. */
    from: z.string().regex(/^\d{5,20}$/, 'must be the numeric phone number id from Meta').optional(),
    /** Quote a message: its wamid or its documentId. */
    replyTo: z.string().min(1).optional(),
    /** A repeated call with the same key returns the first message instead of sending again. */
    idempotencyKey: z.string().min(1).max(255).optional(),
    /** Higher goes first in the outbox (default 0). */
    priority: z.number().int().min(-100).max(100).optional(),
  })
  .strict();

const envelopeKeys = Object.keys(sendEnvelopeSchema.shape) as Array<keyof typeof sendEnvelopeSchema.shape>;

/**
 * The full input: envelope fields plus one content. Unknown keys are refused so a typo
 * (`tempalte`) is a 400, not a silently different message.
 */
export const sendMessageSchema = z
  .record(z.unknown())
  .superRefine((value, ctx) => {
    if (value.to === undefined && value.customer === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['to'], message: 'give the recipient as to (a phone number or a WhatsApp user id) or customer (a documentId)' });
    }
    if (value.to !== undefined && value.customer !== undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['customer'], message: 'give either to or customer, not both' });
    }
  })
  .transform((value, ctx) => {
    const envelope: Record<string, unknown> = {};
    const content: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) {
      if ((envelopeKeys as string[]).includes(key)) envelope[key] = entry;
      else content[key] = entry;
    }
    const parsedEnvelope = sendEnvelopeSchema.safeParse(envelope);
    const parsedContent = messageContentSchema.safeParse(content);
    for (const issue of [...(parsedEnvelope.error?.issues ?? []), ...(parsedContent.error?.issues ?? [])]) ctx.addIssue(issue);
    if (!parsedEnvelope.success || !parsedContent.success) return z.NEVER;
    const type = (parsedContent.data as { type: string }).type;
    const extra = Object.keys(content).filter((key) => key !== 'type' && key !== type);
    if (extra.length > 0) {
      ctx.addIssue({ code: z.ZodIssueCode.unrecognized_keys, keys: extra, path: [], message: `unknown field(s) for a ${type} message: ${extra.join(', ')}` });
      return z.NEVER;
    }
    return { ...parsedEnvelope.data, ...parsedContent.data } as SendEnvelope & ParsedMessageContent;
  });

export type SendEnvelope = z.infer<typeof sendEnvelopeSchema>;
export type ParsedMessageContent = z.infer<typeof messageContentSchema>;
/** What callers pass to `messages.send()` and POST /messages. */
export type SendMessageInput = z.input<typeof sendEnvelopeSchema> & MessageContent;
/** The input after validation. */
export type ParsedSendMessage = SendEnvelope & ParsedMessageContent;

// -------------------------------------------------------------------------------------------------
// Other requests
// -------------------------------------------------------------------------------------------------

export const MESSAGE_STATUSES = ['queued', 'sending', 'accepted', 'sent', 'delivered', 'read', 'played', 'failed', 'review', 'received'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

const csv = <T extends string>(values: readonly T[]) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : value),
    z.array(z.enum(values as unknown as [T, ...T[]])).min(1)
  );

const isoDate = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 date or date-time')
  .transform((value) => new Date(value));

export const listMessagesQuerySchema = z
  .object({
    customer: z.string().min(1).optional(),
    tenant: z.string().min(1).optional(),
    status: csv(MESSAGE_STATUSES).optional(),
    direction: z.enum(['inbound', 'outbound']).optional(),
    /** Period on occurredAt, inclusive. */
    from: isoDate.optional(),
    to: isoDate.optional(),
    ...pageQuery({ maxPage: 100000, digitsOnly: true, messages: { tooLarge: PLAIN_PAGE_MESSAGES.tooLarge } }),
  })
  .strict();

export type ListMessagesQuery = z.input<typeof listMessagesQuerySchema>;

export const markReadSchema = z.object({ typing: z.boolean().optional() }).strict();

// -------------------------------------------------------------------------------------------------
// Responses
// -------------------------------------------------------------------------------------------------

export interface MessageError {
  code: number | null;
  title: string | null;
  details: string | null;
  /** Plain words for people (English), from the error code. */
  explanation: string | null;
}

/** A message as the API returns it; internal queue fields (locks) are left out. */
export interface MessageDto {
  documentId: string;
  direction: 'inbound' | 'outbound';
  type: string;
  /** The message's `deliveryStatus` attribute (the API keeps the name `status`). */
  status: MessageStatus;
  wamid: string | null;
  body: string | null;
  caption: string | null;
  /** The exact Cloud API request body (outbound). */
  payload: unknown;
  templateName: string | null;
  templateLanguage: string | null;
  templateParameters: unknown;
  contextWamid: string | null;
  reactionEmoji: string | null;
  businessPhoneNumberId: string | null;
  customerPhone: string | null;
  customerWaId: string | null;
  customer: { documentId: string; name: string | null; phone: string | null } | null;
  tenant: { documentId: string; name: string } | null;
  media: { fileId: number | null; mediaId: string | null; link: string | null; mimeType: string | null; filename: string | null };
  error: MessageError | null;
  attempts: number;
  maxAttempts: number | null;
  nextAttemptAt: string | null;
  priority: number;
  idempotencyKey: string | null;
  author: { id: number; name: string | null } | null;
  occurredAt: string | null;
  queuedAt: string | null;
  sendingAt: string | null;
  acceptedAt: string | null;
  sentAt: string | null;
  deliveredAt: string | null;
  readAt: string | null;
  failedAt: string | null;
  receivedAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

/** `POST /api/whatsapp/messages` and `POST /whatsapp/messages` → 202 */
export declare namespace SendMessage {
  export interface Request {
    body: SendMessageInput;
  }
  export interface Response {
    data: MessageDto;
    /** true when an earlier call with the same idempotencyKey already stored this message. */
    meta: { duplicate: boolean };
  }
}

/** `GET /api/whatsapp/messages` and `GET /whatsapp/messages` → 200 */
export declare namespace ListMessages {
  export interface Request {
    query: ListMessagesQuery;
  }
  export interface Response {
    data: MessageDto[];
    meta: { pagination: Pagination };
  }
}

/** `POST …/messages/:documentId/retry` → 202 */
export declare namespace RetryMessage {
  export interface Response {
    data: MessageDto;
  }
}

/** `POST …/messages/:documentId/read` → 200 */
export declare namespace MarkMessageRead {
  export interface Request {
    body: z.input<typeof markReadSchema>;
  }
  export interface Response {
    data: MessageDto;
  }
}
