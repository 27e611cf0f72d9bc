/**
 * Request and response types of the Cloud API calls the plugin makes (docs/whatsapp-cloud-api.md:
 * #sending-messages, #media, #business-phone-numbers, #templates).
 * Wire names (snake_case) are kept in request bodies, because they are sent as they are; results
 * returned by the client are camelCase records.
 */

// ---------------------------------------------------------------------------------------------
// Sending: POST /{phone-number-id}/messages
// ---------------------------------------------------------------------------------------------

interface SendEnvelope {
  /** Optional here: the client always sends 'whatsapp'. */
  messaging_product?: 'whatsapp';
  recipient_type?: 'individual' | 'group';
  /** Phone number in international form, `+` and separators allowed. */
  to?: string;
  /** Business-scoped user id (BSUID); `to` wins when both are given. */
  recipient?: string;
  /** Reply to a message. */
  context?: { message_id: string };
  /** Echoed back in status webhooks (≤ 512 characters). */
  biz_opaque_callback_data?: string;
}

export interface TextBody {
  body: string;
  preview_url?: boolean;
}

/** Uploaded media (`id`) or a public HTTPS `link`. */
export type MediaRef = ({ id: string; link?: never } | { link: string; id?: never });

export type ImageObject = MediaRef & { caption?: string };
export type VideoObject = MediaRef & { caption?: string };
export type DocumentObject = MediaRef & { caption?: string; filename?: string };
export type AudioObject = MediaRef;
export type StickerObject = MediaRef;

export interface LocationObject {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
}

export interface ContactObject {
  name: { formatted_name: string; first_name?: string; last_name?: string; middle_name?: string; suffix?: string; prefix?: string };
  phones?: Array<{ phone?: string; type?: string; wa_id?: string }>;
  emails?: Array<{ email?: string; type?: string }>;
  org?: { company?: string; department?: string; title?: string };
  addresses?: Array<{ street?: string; city?: string; state?: string; zip?: string; country?: string; country_code?: string; type?: string }>;
  urls?: Array<{ url?: string; type?: string }>;
  birthday?: string;
}

export interface ReactionObject {
  message_id: string;
  /** An empty string removes the reaction. */
  emoji: string;
}

export type InteractiveHeader =
  | { type: 'text'; text: string }
  | { type: 'image'; image: MediaRef }
  | { type: 'video'; video: MediaRef }
  | { type: 'document'; document: MediaRef & { filename?: string } };

export interface InteractiveButton {
  type: 'button';
  header?: InteractiveHeader;
  body: { text: string };
  footer?: { text: string };
  action: { buttons: Array<{ type: 'reply'; reply: { id: string; title: string } }> };
}

export interface InteractiveList {
  type: 'list';
  header?: { type: 'text'; text: string };
  body: { text: string };
  footer?: { text: string };
  action: {
    button: string;
    sections: Array<{ title?: string; rows: Array<{ id: string; title: string; description?: string }> }>;
  };
}

export interface InteractiveCtaUrl {
  type: 'cta_url';
  header?: InteractiveHeader;
  body: { text: string };
  footer?: { text: string };
  action: { name: 'cta_url'; parameters: { display_text: string; url: string } };
}

/** Types the plugin does not build yet are passed through as Meta documents them. */
export interface InteractiveOther {
  type: 'flow' | 'location_request_message' | 'address_message' | 'product' | 'product_list' | 'catalog_message' | 'contact_request';
  [key: string]: unknown;
}

export type InteractiveObject = InteractiveButton | InteractiveList | InteractiveCtaUrl | InteractiveOther;

export type TemplateParameter =
  | { type: 'text'; text: string; parameter_name?: string }
  | { type: 'currency'; currency: { fallback_value: string; code: string; amount_1000: number }; parameter_name?: string }
  | { type: 'date_time'; date_time: { fallback_value: string }; parameter_name?: string }
  | { type: 'image'; image: MediaRef }
  | { type: 'video'; video: MediaRef }
  | { type: 'document'; document: MediaRef & { filename?: string } }
  | { type: 'location'; location: LocationObject }
  | { type: 'payload'; payload: string }
  | { type: 'coupon_code'; coupon_code: string }
  | { type: 'action'; action: Record<string, unknown> };

export type TemplateComponentParameters =
  | { type: 'header'; parameters: TemplateParameter[] }
  | { type: 'body'; parameters: TemplateParameter[] }
  | {
      type: 'button';
      sub_type: 'quick_reply' | 'url' | 'copy_code' | 'flow' | 'catalog' | 'mpm' | 'voice_call';
      /** Position of the button in the template, as a string ("0"). */
      index: string | number;
      parameters: TemplateParameter[];
    };

export interface TemplateObject {
  name: string;
  language: { code: string; policy?: 'deterministic' };
  components?: TemplateComponentParameters[];
}

export type SendMessageBody = SendEnvelope &
  (
    | { type: 'text'; text: TextBody }
    | { type: 'image'; image: ImageObject }
    | { type: 'video'; video: VideoObject }
    | { type: 'audio'; audio: AudioObject }
    | { type: 'document'; document: DocumentObject }
    | { type: 'sticker'; sticker: StickerObject }
    | { type: 'location'; location: LocationObject }
    | { type: 'contacts'; contacts: ContactObject[] }
    | { type: 'interactive'; interactive: InteractiveObject }
    | { type: 'reaction'; reaction: ReactionObject }
    | { type: 'template'; template: TemplateObject }
  );

export type SendMessageType = SendMessageBody['type'];

export interface SendMessageResult {
  wamid: string;
  /** The canonical WhatsApp id Meta resolved `to` into; may differ from the input (BR/MX/AR). */
  waId?: string;
  /** What we sent as `to`, echoed back. */
  input?: string;
  /** Only for templates under pacing: `accepted` or `held_for_quality_assessment`. */
  messageStatus?: string;
}

/** What Meta did with each user of a block or unblock request. */
export interface BlockUsersResult {
  done: { input: string; waId?: string }[];
  failed: { input: string; waId?: string; code?: number; title?: string; details?: string }[];
}

export interface MarkReadOptions {
  /** Also show "typing…" until we reply (or 25 s pass). Only when a reply will follow. */
  typing?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Media
// ---------------------------------------------------------------------------------------------

export interface UploadMediaInput {
  data: Buffer;
  mimeType: string;
  filename: string;
}

export interface MediaInfo {
  id: string;
  /** Short-lived (≈5 min) and needs the bearer token. */
  url: string;
  mimeType: string;
  sha256?: string;
  fileSize?: number;
}

// ---------------------------------------------------------------------------------------------
// Phone numbers
// ---------------------------------------------------------------------------------------------

export type QualityRating = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN' | 'NA';

export interface PhoneNumberRecord {
  id: string;
  displayPhoneNumber: string;
  verifiedName?: string;
  qualityRating?: QualityRating | string;
  codeVerificationStatus?: string;
  nameStatus?: string;
  /** Must be CONNECTED to send. */
  status?: string;
  platformType?: string;
  throughputLevel?: string;
  /** TIER_250 … TIER_UNLIMITED. */
  messagingLimitTier?: string;
}

/** Fields the client asks for, so Meta returns the same record shape the sandbox does. */
export const PHONE_NUMBER_FIELDS = [
  'id',
  'display_phone_number',
  'verified_name',
  'quality_rating',
  'code_verification_status',
  'name_status',
  'status',
  'platform_type',
  'throughput',
  'whatsapp_business_manager_messaging_limit',
] as const;

// ---------------------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------------------

export type TemplateCategory = 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
export type TemplateParameterFormat = 'POSITIONAL' | 'NAMED';

/** Meta's template components (HEADER, BODY, FOOTER, BUTTONS) in their wire shape. */
export type TemplateComponentDefinition = Record<string, unknown> & {
  type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS' | string;
};

export interface TemplateRecord {
  id: string;
  name: string;
  language: string;
  status: string;
  category: TemplateCategory | string;
  parameterFormat: TemplateParameterFormat | string;
  components: TemplateComponentDefinition[];
  /** NONE unless rejected (e.g. INVALID_FORMAT). */
  rejectedReason?: string;
}

export const TEMPLATE_FIELDS = ['id', 'name', 'language', 'status', 'category', 'parameter_format', 'components', 'rejected_reason'] as const;

export interface CreateTemplateBody {
  name: string;
  language: string;
  category: TemplateCategory;
  parameter_format?: TemplateParameterFormat;
  components: TemplateComponentDefinition[];
}

export interface CreateTemplateResult {
  id: string;
  status: string;
  category: string;
}

export interface DeleteTemplateInput {
  name: string;
  /** Deletes one language version; without it every language of `name` is deleted. */
  hsmId?: string;
}

// ---------------------------------------------------------------------------------------------
// Client options
// ---------------------------------------------------------------------------------------------

export interface GraphClientOptions {
  /** https://graph.facebook.com, or the sandbox URL. */
  baseUrl: string;
  /** e.g. v25.0 */
  apiVersion: string;
  accessToken: string;
  /** Per request, including the body download. Default 15000. */
  timeoutMs?: number;
}
