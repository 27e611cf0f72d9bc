import { errors } from '@strapi/utils';

/**
 * Strapi's error middleware answers 400 for every ApplicationError it does not know (it maps only
 * 401/403/404/413/429/501), so the statuses the send API needs, 409 (the setup does not allow
 * it), 422 (the message breaks a WhatsApp rule), 502 (Meta refused a synchronous call) and 503
 * (WhatsApp not configured), travel as this subclass and `respondWithStatusError` writes them in
 * Strapi's own error shape. Services throw it without knowing about HTTP beyond the number.
 */
export class StatusError extends errors.ApplicationError {
  readonly status: number;

  constructor(status: number, name: string, message: string, details: Record<string, unknown> = {}) {
    super(message, details);
    // ApplicationError types `name` as its own literal; subclasses name themselves.
    (this as { name: string }).name = name;
    this.status = status;
  }
}

/** 409: a tenant, number or message state does not allow this (e.g. WhatsApp disabled for the tenant). */
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new StatusError(409, 'ConflictError', message, details);

/** 422: the request is well formed but WhatsApp's rules refuse it (window closed, template unknown…). */
export const unprocessable = (message: string, details?: Record<string, unknown>) =>
  new StatusError(422, 'UnprocessableEntityError', message, details);

/** 502: Meta refused or did not answer a synchronous call (e.g. mark as read). */
export const badGateway = (message: string, details?: Record<string, unknown>) =>
  new StatusError(502, 'BadGatewayError', message, details);

/** 503: WhatsApp is not configured on this server. */
export const serviceUnavailable = (message: string, details?: Record<string, unknown>) =>
  new StatusError(503, 'ServiceUnavailableError', message, details);

/**
 * Runs a controller body and writes a StatusError the way Strapi writes its own errors
 * (`{ data: null, error: { status, name, message, details } }`). Everything else is rethrown to
 * Strapi's error middleware unchanged.
 */
export async function respondWithStatusError(ctx: any, handler: () => Promise<unknown>): Promise<void> {
  try {
    await handler();
  } catch (error) {
    if (!(error instanceof StatusError)) throw error;
    writeStatusError(ctx, error);
  }
}

/** Writes a StatusError as the response, in Strapi's error shape. */
export function writeStatusError(ctx: any, error: StatusError): void {
  ctx.status = error.status;
  ctx.body = {
    data: null,
    error: { status: error.status, name: error.name, message: error.message, details: error.details },
  };
}
