/**
 * The sandbox's public contract. Tests, the Strapi offline mode and the CLI code against these
 * names, so they change only together with their users.
 */

export interface SandboxPhoneNumber {
  id: string;
  displayPhoneNumber: string;
  verifiedName?: string;
  qualityRating?: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';
  throughputPerSecond?: number;
}

export interface SandboxTemplate {
  name: string;
  language: string;
  category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  status?: string;
  parameter_format?: 'POSITIONAL' | 'NAMED';
  /** Meta's template components (HEADER, BODY, FOOTER, BUTTONS), as `message_templates` returns them. */
  components: any[];
  id?: string;
}

export interface SandboxOptions {
  /** HMAC-SHA256 key for X-Hub-Signature-256 on webhooks it sends. */
  appSecret: string;
  /** Accepted bearer tokens; when empty/undefined any non-empty token is accepted. */
  accessTokens?: string[];
  /** Default '100000000000000'. */
  wabaId?: string;
  /** Default: one number. */
  phoneNumbers?: SandboxPhoneNumber[];
  /** Where status/inbound/template webhooks go. */
  webhookUrl?: string;
  /** Default 80 per number (token bucket per phone number id). */
  throughputPerSecond?: number;
  /** Delay before each of sent, delivered, read (default 50). */
  statusDelayMs?: number;
  /** Default all three; [] = none. */
  autoStatuses?: Array<'sent' | 'delivered' | 'read'>;
  /** New templates go PENDING -> APPROVED after this (default 3000). */
  approveDelayMs?: number;
  /** Default true: free-form (non-template) sends outside the 24h window fail with 131047. */
  enforceWindow?: boolean;
  /**
   * The WABA is onboarded to the Marketing Messages API (its terms accepted), so
   * `POST /{phone-number-id}/marketing_messages` sends; default false: that call is refused.
   * Switch at run time with `setMarketingMessages`.
   */
  marketingMessages?: boolean;
  /**
   * The Meta app id of the Resumable Upload API (`POST /{app-id}/uploads`); when unset any numeric
   * id is accepted, so ad-hoc use needs no setup.
   */
  appId?: string;
  /** Pre-seeded (status default APPROVED). */
  templates?: SandboxTemplate[];
  /** Optional logger, default silent. */
  log?: (line: string) => void;
  /** The clock of the throughput limiter (ms); tests pass their own to step time exactly. */
  clock?: () => number;
  /**
   * When the user last wrote to the business number according to a record kept outside this
   * sandbox (ms since the epoch, or undefined for never). Asked for a free-form send when the
   * sandbox itself saw no message in the last 24 hours, so the window survives a restart and is
   * shared by several sandboxes. Strapi's offline mode answers from the comms log.
   */
  lastInboundAt?: (phoneNumberId: string, waId: string) => Promise<number | undefined> | number | undefined;
  /**
   * Templates that exist beyond this sandbox's memory (Strapi's offline mode: the plugin's
   * template table). Merged in by name and language when the sandbox starts listening and before
   * each template list, template create and send of a template it does not have approved; see
   * TemplateStore.merge for what wins.
   */
  templateSource?: () => Promise<SandboxTemplate[]> | SandboxTemplate[];
}

export interface SandboxFault {
  kind: 'error' | 'timeout' | 'reset';
  status?: number;
  code?: number;
  title?: string;
  details?: string;
  retryAfterSeconds?: number;
  /** Substring of (or RegExp over) the request path with its query; default: every path. */
  path?: string | RegExp;
  /** Default: every method. */
  method?: string;
  /**
   * Only message sends: a POST /messages whose body is a read receipt or a typing indicator
   * (`status: "read"`) passes untouched, so "refuse the next send" is not used up by the
   * receipt an agent's open conversation sends first.
   */
  sendsOnly?: boolean;
  /** The next N matching calls. */
  count?: number;
  /** Or a share 0..1 of matching calls. Without count and rate the fault stays until clearFaults(). */
  rate?: number;
}

export interface SandboxSentMessage {
  wamid: string;
  phoneNumberId: string;
  /** What the request named: `to`, or `recipient` for a BSUID send. */
  to: string;
  /** The BSUID of a `recipient` send. */
  recipient?: string;
  /** A BSUID given as `to`: answered 200 like Meta, never delivered. */
  dropped?: boolean;
  /** The call it came through: `/messages`, or the Marketing Messages API's `/marketing_messages`. */
  endpoint: 'messages' | 'marketing_messages';
  type: string;
  /** The request JSON as received. */
  body: any;
  at: number;
}

export interface SandboxReadReceipt {
  phoneNumberId: string;
  messageId: string;
  /** true when the call carried `typing_indicator` ("typing…" shown to the user). */
  typing: boolean;
  at: number;
}

export interface SandboxBlockCall {
  method: 'POST' | 'DELETE';
  phoneNumberId: string;
  users: string[];
  at: number;
}

export interface SandboxInboundInput {
  phoneNumberId: string;
  /** The sender's wa_id; omit for a username user who hides the number (then give userId). */
  from?: string;
  /** The sender's business-scoped user id (BSUID): `from_user_id` and `contacts[].user_id`. */
  userId?: string;
  /** The sender's WhatsApp username (`contacts[].profile.username`). */
  username?: string;
  name?: string;
  text?: string;
  message?: Record<string, unknown>;
}

export interface SandboxWebhookDelivery {
  payload: any;
  /** The receiver's HTTP status after the last attempt; 0 when it never answered. */
  status: number;
  at: number;
}

export interface Sandbox {
  /** e.g. http://127.0.0.1:43123 (valid after listen). */
  readonly url: string;
  /** port 0 = random; resolves the url. Takes in SandboxOptions.templateSource first, if any. */
  listen(port?: number, host?: string): Promise<string>;
  /** Also cancels pending timers. */
  close(): Promise<void>;
  setWebhookUrl(url: string | undefined): void;
  injectFault(fault: SandboxFault): void;
  clearFaults(): void;
  /** As if the user messaged us at `at` (ms). */
  openWindow(phoneNumberId: string, waId: string, at?: number): void;
  /**
   * Builds a Meta `messages` webhook (text by default, or the given message object merged over
   * {from,id,timestamp}), opens the window, signs it and POSTs it to webhookUrl.
   */
  simulateInbound(input: SandboxInboundInput): Promise<{ wamid: string; status: number }>;
  /** Sign + POST any payload to webhookUrl (serialised like Meta: non-ASCII escaped as \uXXXX). */
  sendWebhook(payload: unknown): Promise<{ status: number }>;
  /** Returns a media id downloadable via GET /{version}/{media-id}. */
  addMedia(data: Buffer, mimeType: string, filename?: string): string;
  /** Every accepted send, in order. */
  readonly sent: SandboxSentMessage[];
  /** Every accepted mark-as-read call (typing indicators included), in order. */
  readonly readReceipts: SandboxReadReceipt[];
  /** Every block/unblock call that reached the Block Users API, in order. */
  readonly blockCalls: SandboxBlockCall[];
  /** The users blocked on a number (wa_id digits). */
  blockedUsers(phoneNumberId: string): string[];
  readonly webhookDeliveries: SandboxWebhookDelivery[];
  readonly templates: SandboxTemplate[];
  /** Onboards (true) or offboards (false) the WABA to the Marketing Messages API (`/marketing_messages`). */
  setMarketingMessages(onboarded: boolean): void;
  readonly marketingMessages: boolean;
  /**
   * Clears sent, reads, block lists, faults, windows, buckets, delivered webhooks; keeps numbers
   * and seeded templates; the Marketing Messages API onboarding goes back to SandboxOptions'.
   */
  reset(): void;
}
