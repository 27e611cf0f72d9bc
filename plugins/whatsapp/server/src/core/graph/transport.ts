import axios, { type AxiosInstance } from 'axios';
import { GraphTransportError, type GraphMethod } from './errors';

/**
 * One HTTP exchange with the Graph API. Everything axios can throw is turned into a
 * GraphTransportError here, built from the error *code* only: axios errors carry the request
 * config (and so the Authorization header), so they never leave this function.
 */

export interface RawResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export interface TransportRequest {
  method: GraphMethod;
  url: string;
  /** Shown in errors instead of the URL (no query string: Meta's paging URLs carry tokens). */
  path: string;
  params?: Record<string, string | number | undefined>;
  data?: unknown;
  accessToken: string;
  timeoutMs: number;
  /** Default application/json; media downloads accept anything. */
  accept?: string;
  /** Default `Bearer`; Meta's Resumable Upload API wants `OAuth <token>` for the file bytes. */
  authScheme?: 'Bearer' | 'OAuth';
  /** Extra request headers (the upload API's `file_offset`). */
  headers?: Record<string, string>;
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const BAD_RESPONSE_CODES = new Set(['ERR_BAD_RESPONSE', 'ERR_FR_MAX_BODY_LENGTH_EXCEEDED', 'HPE_INVALID_CONSTANT', 'HPE_INVALID_HEADER_TOKEN']);

let shared: AxiosInstance | undefined;
const instance = () => (shared ??= axios.create());

export async function exchange(request: TransportRequest): Promise<RawResponse> {
  const controller = new AbortController();
  let timedOut = false;
  // axios' own `timeout` is a socket idle timer; this one bounds the whole exchange.
  const deadline = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);

  try {
    const response = await instance().request<ArrayBuffer>({
      method: request.method,
      url: request.url,
      params: request.params,
      data: request.data,
      headers: {
        ...request.headers,
        Authorization: `${request.authScheme ?? 'Bearer'} ${request.accessToken}`,
        Accept: request.accept ?? 'application/json',
      },
      responseType: 'arraybuffer',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      timeout: request.timeoutMs,
      signal: controller.signal,
      maxContentLength: Infinity,
      maxBodyLength: Infinity,
    });
    const headers: Record<string, string | undefined> = {};
    for (const [key, value] of Object.entries(response.headers ?? {})) {
      headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value === undefined || value === null ? undefined : String(value);
    }
    return { status: response.status, headers, body: Buffer.from(response.data ?? new ArrayBuffer(0)) };
  } catch (error) {
    const code = typeof (error as { code?: unknown })?.code === 'string' ? ((error as { code: string }).code) : undefined;
    const base = { method: request.method, path: request.path };
    if (timedOut || (code !== undefined && TIMEOUT_CODES.has(code))) {
      throw new GraphTransportError({ ...base, kind: 'timeout', reason: `no answer within ${request.timeoutMs} ms` });
    }
    if (code !== undefined && BAD_RESPONSE_CODES.has(code)) {
      throw new GraphTransportError({ ...base, kind: 'invalid_response', reason: `unreadable response (${code})` });
    }
    throw new GraphTransportError({ ...base, kind: 'connection', reason: code ?? 'network error' });
  } finally {
    clearTimeout(deadline);
  }
}
