import { GraphApiError, GraphTransportError, type GraphMethod } from './errors';
import { redactSecrets } from './redact';
import type { RawResponse } from './transport';

/**
 * Reads a Graph API answer: a Meta error body becomes GraphApiError (whatever the HTTP status),
 * a 2xx JSON body is returned, and anything else (HTML from a proxy, empty or truncated JSON)
 * is a GraphTransportError of kind invalid_response, since Meta never really answered.
 */

interface Where {
  method: GraphMethod;
  path: string;
  /** Strings that must never be copied into an error (the access token). */
  secrets: string[];
}

function tryJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, any> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The Meta error inside a body, or undefined if the body is not one. */
export function graphApiErrorFrom(raw: RawResponse, where: Where): GraphApiError | undefined {
  const json = tryJson(raw.body);
  if (!isObject(json) || !isObject(json.error)) return undefined;
  const error = json.error;
  const code = typeof error.code === 'number' ? error.code : Number(error.code);
  if (!Number.isFinite(code) || error.code === null || error.code === '') return undefined;

  const message = typeof error.message === 'string' ? error.message : '';
  const title = message.replace(/^\(#\d+\)\s*/, '') || (typeof error.error_user_title === 'string' ? error.error_user_title : '') || 'Graph API error';
  let errorData: unknown = error.error_data;
  if (typeof errorData === 'string') errorData = tryJson(Buffer.from(errorData)) ?? { details: errorData };
  const details =
    isObject(errorData) && typeof errorData.details === 'string'
      ? errorData.details
      : typeof error.error_user_msg === 'string'
        ? error.error_user_msg
        : undefined;

  return new GraphApiError({
    code,
    subcode: typeof error.error_subcode === 'number' ? error.error_subcode : undefined,
    title: redactSecrets(title, where.secrets)!,
    details: redactSecrets(details, where.secrets),
    fbtraceId: typeof error.fbtrace_id === 'string' ? error.fbtrace_id : undefined,
    httpStatus: raw.status,
    retryAfterSeconds: retryAfterSeconds(raw.headers['retry-after']),
    method: where.method,
    path: where.path,
  });
}

export function parseGraphJson<T>(raw: RawResponse, where: Where): T {
  const apiError = graphApiErrorFrom(raw, where);
  if (apiError) throw apiError;
  const base = { method: where.method, path: where.path, httpStatus: raw.status };
  if (raw.status < 200 || raw.status >= 300) {
    throw new GraphTransportError({ ...base, kind: 'invalid_response', reason: `HTTP ${raw.status} without a Graph API error body` });
  }
  const json = tryJson(raw.body);
  if (!isObject(json)) {
    throw new GraphTransportError({ ...base, kind: 'invalid_response', reason: 'the response body is not a JSON object' });
  }
  return json as T;
}

/** Retry-After is either seconds or an HTTP date. */
export function retryAfterSeconds(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

export function invalidShape(where: Where, what: string, httpStatus?: number): GraphTransportError {
  return new GraphTransportError({ method: where.method, path: where.path, kind: 'invalid_response', reason: what, httpStatus });
}
