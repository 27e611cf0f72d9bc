/**
 * The HTTP boundary of the admin tests: a stub of global `fetch` with a route table.
 *
 * Components call the server through Strapi's real `useFetchClient` (which builds the URL from
 * `window.strapi.backendURL`, serialises params with qs, adds the JSON headers and turns a non-2xx
 * answer into a FetchError); only `fetch` itself is replaced, so request bodies, methods and URLs
 * are asserted exactly as the browser would send them.
 *
 *   server.get('/whatsapp/phone-numbers', { data: [...] });
 *   server.post('/whatsapp/tenants/:id/assign-phone', ({ params, body }) => reply(409, strapiError(...)));
 *   expect(server.requests('POST', '/whatsapp/tenants/t1/assign-phone')[0].body).toEqual({ phoneNumberId: 'p1' });
 *
 * A request that no handler matches is answered 501 and recorded; tests/utils/setup.ts fails the
 * test that made it, so a component calling an unexpected endpoint cannot pass unnoticed.
 */

export const BACKEND_URL = 'http://localhost:1337';

export interface RecordedRequest {
  method: string;
  /** Path without the backend URL and without the query string: `/whatsapp/templates`. */
  path: string;
  /** The raw query string, with its `?` (or ''). */
  search: string;
  /** The query string parsed flat (`pageSize` → '100'); keys like `filters[x]` stay as written. */
  query: Record<string, string>;
  /** The JSON body, parsed (undefined when there is none). */
  body: any;
  headers: Headers;
  /** Route parameters (`:id`) of the handler that answered. */
  params: Record<string, string>;
}

export interface Reply {
  status: number;
  body?: unknown;
}

type Handler = (request: RecordedRequest) => unknown;
/** A handler, or a fixed JSON body answered with 200. */
type Answer = Handler | object | string | number | boolean | null;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

const REPLY = Symbol('reply');

/** An explicit status (and body) for a handler to return; a plain value means 200 with that JSON. */
export function reply(status: number, body?: unknown): Reply {
  return { [REPLY]: true, status, body } as Reply;
}

const isReply = (value: unknown): value is Reply => Boolean(value && typeof value === 'object' && (value as any)[REPLY]);

/** Strapi's error envelope, as its error middleware answers (`{ data: null, error: {…} }`). */
export function strapiError(status: number, name: string, message: string, details: unknown = {}) {
  return { data: null, error: { status, name, message, details } };
}

/** Like `new Promise` with its resolve exposed: hold a response until the test releases it. */
export function deferred<T = unknown>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function compile(path: string): { pattern: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        keys.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), keys };
}

class FakeServer {
  private routes: Route[] = [];
  private log: RecordedRequest[] = [];
  private missed: RecordedRequest[] = [];

  on(method: string, path: string, handler: Answer) {
    const { pattern, keys } = compile(path);
    const fn: Handler = typeof handler === 'function' ? (handler as Handler) : () => handler;
    // Newest first: a test can override a default route set up by a helper.
    this.routes.unshift({ method: method.toUpperCase(), pattern, keys, handler: fn });
    return this;
  }

  get(path: string, handler: Answer) {
    return this.on('GET', path, handler);
  }
  post(path: string, handler: Answer) {
    return this.on('POST', path, handler);
  }
  put(path: string, handler: Answer) {
    return this.on('PUT', path, handler);
  }
  delete(path: string, handler: Answer) {
    return this.on('DELETE', path, handler);
  }

  /** Requests received so far, optionally only those of one method and path. */
  requests(method?: string, path?: string): RecordedRequest[] {
    return this.log.filter((r) => (!method || r.method === method.toUpperCase()) && (!path || r.path === path));
  }

  unhandled(): RecordedRequest[] {
    return [...this.missed];
  }

  reset() {
    this.routes = [];
    this.log = [];
    this.missed = [];
  }

  fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.origin !== BACKEND_URL) throw new TypeError(`fetch to ${url.origin} is not allowed in the admin tests`);
    if (init.signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
    const method = (init.method ?? 'GET').toUpperCase();
    const rawBody = init.body;
    let body: any;
    if (typeof rawBody === 'string' && rawBody !== '') {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = rawBody;
      }
    } else if (rawBody !== undefined && rawBody !== null) {
      body = rawBody;
    }
    const request: RecordedRequest = {
      method,
      path: url.pathname,
      search: url.search,
      query: Object.fromEntries(new URLSearchParams(url.search)),
      body,
      headers: new Headers(init.headers),
      params: {},
    };
    this.log.push(request);

    // Like the server's router: a static path beats a parameter (`/automations/templates` is not
    // `/automations/:documentId`); among equals, the route registered last wins.
    const route = this.routes
      .filter((r) => r.method === method && r.pattern.test(url.pathname))
      .sort((a, b) => a.keys.length - b.keys.length)[0];
    if (!route) {
      this.missed.push(request);
      return json(501, strapiError(501, 'NotImplemented', `No test handler for ${method} ${url.pathname}`));
    }
    const match = route.pattern.exec(url.pathname)!;
    route.keys.forEach((key, index) => {
      request.params[key] = decodeURIComponent(match[index + 1]);
    });
    const result = await route.handler(request);
    if (isReply(result)) return json(result.status, result.body);
    return json(200, result);
  };
}

function json(status: number, body: unknown): Response {
  if (status === 204 || body === undefined) return new Response(null, { status });
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export const server = new FakeServer();
