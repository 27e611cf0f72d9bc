import { randomBytes } from 'node:crypto';

/**
 * Meta-shaped error answers. Every refusal the sandbox gives goes through here so that clients
 * see exactly the body Graph API returns: `(#code) title` as message, details in error_data.
 */

export interface MetaErrorSpec {
  httpStatus: number;
  code: number;
  title: string;
  details?: string;
  /** Only template-management errors carry one nowadays (2388xxx). */
  subcode?: number;
  headers?: Record<string, string>;
}

/** Thrown by route handlers; the server turns it into the Meta error body. */
export class SandboxHttpError extends Error {
  readonly spec: MetaErrorSpec;

  constructor(spec: MetaErrorSpec) {
    super(`(#${spec.code}) ${spec.title}`);
    this.name = 'SandboxHttpError';
    this.spec = spec;
  }
}

export function fbtraceId(): string {
  return `A${randomBytes(16).toString('base64url').slice(0, 22)}`;
}

export function metaErrorBody(spec: MetaErrorSpec) {
  return {
    error: {
      message: `(#${spec.code}) ${spec.title}`,
      type: 'OAuthException',
      code: spec.code,
      ...(spec.subcode !== undefined ? { error_subcode: spec.subcode } : {}),
      error_data: { messaging_product: 'whatsapp', details: spec.details ?? spec.title },
      fbtrace_id: fbtraceId(),
    },
  };
}

/** The HTTP status Meta (usually) pairs with a code, for faults that name only the code. */
export function defaultHttpStatusFor(code: number): number {
  if (code === 190 || code === 0) return 401;
  if (code === 10 || (code >= 200 && code <= 299)) return 403;
  if (code === 130429 || code === 4 || code === 80007) return 429;
  if (code === 2 || code === 131016 || code === 133004) return 503;
  if (code === 1 || code === 131000) return 500;
  return 400;
}

const httpError = (httpStatus: number, code: number, title: string, details?: string, subcode?: number) =>
  new SandboxHttpError({ httpStatus, code, title, details, subcode });

/** The refusals the sandbox gives, named after what went wrong. */
export const metaErrors = {
  invalidToken: () =>
    httpError(401, 190, 'Invalid OAuth access token - Cannot parse access token', 'The access token is missing, malformed or not accepted by this sandbox.'),
  invalidParameter: (details: string, subcode?: number) => httpError(400, 100, 'Invalid parameter', details, subcode),
  missingParameter: (details: string) => httpError(400, 131008, 'Required parameter is missing', details),
  invalidValue: (details: string) => httpError(400, 131009, 'Parameter value is not valid', details),
  unknownObject: (method: string, id: string) =>
    httpError(
      400,
      100,
      `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
      `Object with ID '${id}' does not exist in this sandbox.`
    ),
  unknownPath: (path: string) => httpError(400, 2500, `Unknown path components: ${path}`, `No sandbox route for ${path}.`),
  notFound: (details: string) => httpError(404, 100, 'Invalid parameter', details),
  rateLimited: (details = 'Cloud API message throughput has been reached.') => httpError(429, 130429, 'Rate limit hit', details),
  templateNotFound: (name: string, language: string) =>
    httpError(404, 132001, 'Template name does not exist in the translation', `template name (${name}) does not exist in ${language}`),
  templateParamCount: (details: string) =>
    httpError(400, 132000, 'Number of parameters does not match the expected number of params', details),
  templateParamFormat: (details: string) =>
    httpError(400, 132012, 'Parameter format does not match format in the created template', details),
  blockedUser: (waId: string) => httpError(400, 130403, 'Business has blocked this user', `The business number has blocked ${waId}; unblock the user to message them.`),
  mediaUpload: (details: string) => httpError(400, 131053, 'Media upload error', details),
  internal: () => httpError(500, 1, 'An unknown error has occurred.', 'The sandbox failed while handling this request.'),
};
