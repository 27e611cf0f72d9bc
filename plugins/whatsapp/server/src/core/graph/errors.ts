/**
 * Two error classes, grammY-style: GraphApiError when Meta answered and refused, and
 * GraphTransportError when no Meta answer arrived (timeout, connection, garbage). Callers decide
 * on `retryable` without parsing messages.
 *
 * Both are built fresh from safe fields only: no axios error, config, request or headers is ever
 * attached, so the access token cannot leak through `.stack`, `toJSON()` or `util.inspect`.
 */

export type GraphMethod = 'GET' | 'POST' | 'DELETE';

/**
 * Codes worth retrying with back-off (docs/whatsapp-cloud-api.md#retry-guidance). Everything else
 * is final.
 */
const RETRYABLE_CODES = new Set([2, 4, 80007, 130429, 131000, 131016, 131056, 131057, 133004]);

/**
 * Whether a Meta error code is worth retrying. With no code, a 5xx (or 429) HTTP status is
 * treated as temporary; anything else is not (a 4xx without a code is a request we got wrong).
 */
export function isRetryableGraphCode(code: number | undefined, httpStatus?: number): boolean {
  if (code !== undefined && code !== null && Number.isFinite(code)) return RETRYABLE_CODES.has(code);
  return httpStatus !== undefined && (httpStatus >= 500 || httpStatus === 429);
}

export interface GraphApiErrorInit {
  code: number;
  subcode?: number;
  title: string;
  details?: string;
  fbtraceId?: string;
  httpStatus: number;
  retryAfterSeconds?: number;
  method: GraphMethod;
  path: string;
}

export class GraphApiError extends Error {
  readonly code: number;
  readonly subcode?: number;
  readonly title: string;
  readonly details?: string;
  readonly fbtraceId?: string;
  readonly httpStatus: number;
  readonly retryable: boolean;
  readonly retryAfterSeconds?: number;
  readonly method: GraphMethod;
  readonly path: string;

  constructor(init: GraphApiErrorInit) {
    super(`Graph API error ${init.code} (${init.title}) on ${init.method} ${init.path}${init.details ? `: ${init.details}` : ''}`);
    this.name = 'GraphApiError';
    this.code = init.code;
    if (init.subcode !== undefined) this.subcode = init.subcode;
    this.title = init.title;
    if (init.details !== undefined) this.details = init.details;
    if (init.fbtraceId !== undefined) this.fbtraceId = init.fbtraceId;
    this.httpStatus = init.httpStatus;
    this.retryable = isRetryableGraphCode(init.code, init.httpStatus);
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
    this.method = init.method;
    this.path = init.path;
  }

  toJSON() {
    return {
      name: this.name,
      message: this.message,
      code: this.code,
      subcode: this.subcode,
      title: this.title,
      details: this.details,
      fbtraceId: this.fbtraceId,
      httpStatus: this.httpStatus,
      retryable: this.retryable,
      retryAfterSeconds: this.retryAfterSeconds,
      method: this.method,
      path: this.path,
    };
  }
}

export type GraphTransportErrorKind = 'timeout' | 'connection' | 'invalid_response';

export interface GraphTransportErrorInit {
  kind: GraphTransportErrorKind;
  method: GraphMethod;
  path: string;
  /** A short, token-free description of what happened (e.g. `ECONNREFUSED`, `timed out after 200 ms`). */
  reason: string;
  /** Set when an HTTP answer arrived but was not a Graph API answer (e.g. a proxy's HTML 502). */
  httpStatus?: number;
}

export class GraphTransportError extends Error {
  readonly kind: GraphTransportErrorKind;
  /** Always true: the request may not have reached Meta, or the answer was lost on the way. */
  readonly retryable = true as const;
  readonly method: GraphMethod;
  readonly path: string;
  readonly httpStatus?: number;
  /** The short, token-free cause (an error code such as ECONNREFUSED, or a description). */
  readonly reason: string;

  constructor(init: GraphTransportErrorInit) {
    super(`Graph API ${init.kind.replace('_', ' ')} on ${init.method} ${init.path}: ${init.reason}`);
    this.name = 'GraphTransportError';
    this.kind = init.kind;
    this.reason = init.reason;
    this.method = init.method;
    this.path = init.path;
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
  }

  toJSON() {
    return {
      name: this.name,
      message: this.message,
      kind: this.kind,
      retryable: this.retryable,
      method: this.method,
      path: this.path,
      httpStatus: this.httpStatus,
    };
  }
}

export type GraphError = GraphApiError | GraphTransportError;

export const isGraphError = (error: unknown): error is GraphError =>
  error instanceof GraphApiError || error instanceof GraphTransportError;

/** Plain-words explanations for the admin UI (English; the UI may translate by code). */
const EXPLANATIONS: Record<number, string> = {
  0: 'The access token is no longer valid. Generate a new token and update the settings.',
  1: 'Meta could not process the request. Check the message content; if it keeps happening, contact support.',
  2: 'WhatsApp is temporarily unavailable. The message will be retried automatically.',
  3: 'The app lacks a capability or permission needed for this action.',
  4: 'The app made too many calls to Meta. It will retry later.',
  10: 'The app does not have the permission needed for this action. Check the system user permissions.',
  33: 'This business phone number has been deleted.',
  100: 'Meta rejected a parameter of the request (invalid, missing or misspelled). Check the message content.',
  190: 'The access token has expired or is invalid. Generate a new system-user token and update the settings.',
  200: 'The app does not have the permission needed for this action.',
  368: 'The WhatsApp Business Account is restricted or disabled for violating a policy.',
  80007: 'The WhatsApp Business Account reached its API rate limit. It will retry later.',
  130403: 'The business has blocked this user. Unblock them to send messages.',
  139100: 'WhatsApp could not block or unblock this user. WhatsApp only blocks users who wrote to the number in the last 24 hours.',
  139101: "The number's block list is full (WhatsApp allows 64,000 blocked users): unblock someone first.",
  139102: 'The block list changed at the same time at WhatsApp; try again.',
  139103: 'WhatsApp had an internal error while blocking; try again.',
  130429: 'The phone number reached its sending speed limit. Messages are slowed down and retried.',
  130472: "The recipient is part of a Meta experiment and can't receive this message.",
  130497: 'This business account may not message users in this country.',
  131000: 'Something went wrong at Meta while sending. It will be retried a few times.',
  131005: 'Access denied: the token lacks permission for this phone number.',
  131008: 'A required parameter is missing from the message.',
  131009: 'A parameter value is not valid (for example a media id or phone number).',
  131016: 'WhatsApp is temporarily overloaded. The message will be retried.',
  131021: 'You cannot send a message to the same number that sends it.',
  131026: 'The message could not be delivered: the number may not be on WhatsApp, or the app is outdated.',
  131030: 'The recipient is not in the allowed list of this test number.',
  131031: 'The business account is locked (policy violation or wrong two-step PIN).',
  131042: 'There is a payment problem with the business account. Check billing in Meta Business Suite.',
  131045: 'The phone number is not registered correctly for the Cloud API.',
  131047: 'More than 24 hours have passed since the customer last wrote. Only an approved template can be sent now.',
  131048: 'Too many recipients blocked or reported these messages. Slow down and improve message quality.',
  131049: 'Meta held this marketing message back to protect the user experience. Do not retry within 24 hours.',
  131050: 'The customer stopped marketing messages from this business.',
  131051: 'This message type is not supported.',
  131052: 'The media the customer sent could not be downloaded.',
  131053: 'The media file could not be uploaded: check its type and size.',
  131056: 'Too many messages to the same customer in a short time. It will be retried after a pause.',
  131057: 'The business account is in maintenance (a throughput upgrade). It will be retried in about a minute.',
  131063: 'Marketing messages are disabled on the Cloud API for this business account.',
  131064: 'The messaging limit was reduced because of template classification violations.',
  132000: 'The number of template variables sent does not match the template. Check the parameter mapping.',
  132001: 'The template does not exist in this language, or it is not approved yet.',
  132005: 'The template text becomes too long once the variables are filled in.',
  132007: 'The template content violates a WhatsApp policy.',
  132012: 'A template parameter has the wrong format (for example text where the header expects an image).',
  132015: 'The template is paused because of low quality.',
  132016: 'The template has been disabled permanently because of low quality.',
  132018: 'A template parameter failed validation.',
  133004: 'The WhatsApp server is temporarily unavailable. It will be retried.',
  133010: 'The phone number is not registered on the WhatsApp Business Platform.',
  135000: 'Meta rejected the request parameters (generic user error).',
};

export function explainGraphError(code: number | undefined): string {
  if (code === undefined || code === null) return 'The WhatsApp request failed without an error code from Meta.';
  if (EXPLANATIONS[code]) return EXPLANATIONS[code];
  if (code >= 200 && code <= 299) return EXPLANATIONS[200];
  if (code >= 132000 && code < 133000) return 'The template could not be used as sent. Check the template and its parameters.';
  return `WhatsApp returned error ${code}. See Meta's error code reference for details.`;
}
