import { errors } from '@strapi/utils';

/**
 * The plugin's one error family and the one place that turns it into an HTTP answer.
 *
 * Services throw Strapi's own `errors.*` (ValidationError → 400, ForbiddenError → 403,
 * NotFoundError → 404, …), which Strapi's error middleware answers. That middleware maps only the
 * statuses it knows and answers 400 for every other ApplicationError, so the statuses this plugin
 * also needs travel as a `StatusError`:
 * - 409 `conflict`: the request is valid but clashes with the current state (a number already
 *   assigned, WhatsApp disabled for the tenant, an event being processed);
 * - 422 `unprocessable`: well formed, but WhatsApp's rules refuse it (window closed, unknown template);
 * - 502 `badGateway`: Meta refused or did not answer a synchronous call;
 * - 503 `serviceUnavailable`: WhatsApp is not configured on this server.
 *
 * Every controller handler is wrapped once, in `controllers/index.ts`, by `withStatusErrors`: a
 * StatusError becomes Strapi's usual error body, anything else goes on to Strapi's middleware.
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

/** 409: a tenant, number, account or event state does not allow this. */
export class ConflictError extends StatusError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(409, 'ConflictError', message, details);
  }
}

export const conflict = (message: string, details?: Record<string, unknown>) => new ConflictError(message, details);

/** 422: the request is well formed but WhatsApp's rules refuse it (window closed, template unknown…). */
export const unprocessable = (message: string, details?: Record<string, unknown>) =>
  new StatusError(422, 'UnprocessableEntityError', message, details);

/** 502: Meta refused or did not answer a synchronous call (e.g. mark as read, template submit). */
export const badGateway = (message: string, details?: Record<string, unknown>) =>
  new StatusError(502, 'BadGatewayError', message, details);

/** 503: WhatsApp is not configured on this server (no account, no access token). */
export const serviceUnavailable = (message: string, details?: Record<string, unknown>) =>
  new StatusError(503, 'ServiceUnavailableError', message, details);

/** Writes a StatusError as the response, in Strapi's error shape `{ data: null, error: {…} }`. */
export function writeStatusError(ctx: any, error: StatusError): void {
  ctx.status = error.status;
  ctx.body = {
    data: null,
    error: { status: error.status, name: error.name, message: error.message, details: error.details },
  };
}

type Handler = (ctx: any, next?: () => Promise<unknown>) => unknown;
type ControllerFactory = (deps: { strapi: any }) => Record<string, unknown>;

/** Wraps every handler of a controller factory so a thrown StatusError is answered by `writeStatusError`. */
export function withStatusErrors<F extends ControllerFactory>(factory: F): F {
  return ((deps: { strapi: any }) => {
    const controller = factory(deps);
    const wrapped: Record<string, unknown> = {};
    for (const [name, handler] of Object.entries(controller)) {
      if (typeof handler !== 'function') {
        wrapped[name] = handler;
        continue;
      }
      wrapped[name] = async function (this: unknown, ctx: any, next?: () => Promise<unknown>) {
        try {
          return await (handler as Handler).call(this ?? controller, ctx, next);
        } catch (error) {
          if (!(error instanceof StatusError)) throw error;
          writeStatusError(ctx, error);
        }
      };
    }
    return wrapped;
  }) as F;
}
