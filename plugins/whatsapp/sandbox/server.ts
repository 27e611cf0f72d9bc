import http from 'node:http';
import type { Socket } from 'node:net';
import type { SandboxContext } from './context';
import type { FaultRegistry } from './faults';
import { Router, type SandboxReply } from './http/router';
import { readBody, sendBinary, sendJson } from './http/io';
import { assertAuthorized } from './auth';
import { defaultHttpStatusFor, metaErrorBody, metaErrors, SandboxHttpError, type MetaErrorSpec } from './errors';
import type { SandboxFault } from './types';
import { registerMessageRoutes } from './messages/route';
import { registerMediaRoutes, MEDIA_DOWNLOAD_PREFIX } from './media';
import { registerPhoneNumberRoutes } from './phone-numbers';
import { registerTemplateRoutes } from './templates';
import { registerObjectRoutes } from './objects';
import { registerBlockUserRoutes } from './block-users';

/**
 * The HTTP front: version prefix, injected faults, bearer auth, routing, and Meta-shaped error
 * answers. Route modules only return replies or throw SandboxHttpError.
 */

const VERSIONED = /^\/(v\d+\.\d+)(\/.*)?$/;

export function buildRouter(ctx: SandboxContext): Router {
  const router = new Router();
  registerMessageRoutes(router, ctx);
  registerMediaRoutes(router, ctx);
  registerPhoneNumberRoutes(router, ctx);
  registerTemplateRoutes(router, ctx);
  registerBlockUserRoutes(router, ctx);
  // Last: `/:id` would otherwise shadow nothing, but keeping it last documents the fallback.
  registerObjectRoutes(router, ctx);
  return router;
}

export interface HttpFront {
  server: http.Server;
  /** Sockets held open by `timeout` faults, destroyed on close. */
  heldSockets: Set<Socket>;
}

export function createHttpFront(ctx: SandboxContext, faults: FaultRegistry, accessTokens: string[] | undefined): HttpFront {
  const router = buildRouter(ctx);
  const heldSockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
      ctx.log(`sandbox bug: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, metaErrorBody(metaErrors.internal().spec));
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, 'http://sandbox.invalid');
    let rawBody: Buffer;
    try {
      rawBody = await readBody(req);
    } catch (error) {
      if (error instanceof SandboxHttpError) return replyError(res, error.spec);
      throw error;
    }

    const fault = faults.take(method, rawUrl, jsonOrUndefined(rawBody, req.headers['content-type']));
    if (fault) {
      ctx.log(`${method} ${url.pathname} -> injected ${fault.kind}`);
      return applyFault(fault, req, res, heldSockets);
    }

    const origin = `http://${req.headers.host ?? 'localhost'}`;
    try {
      assertAuthorized(req.headers, url.searchParams, accessTokens);
      let path = url.pathname;
      let version: string | undefined;
      if (!path.startsWith(MEDIA_DOWNLOAD_PREFIX)) {
        const versioned = VERSIONED.exec(path);
        if (!versioned) throw metaErrors.unknownPath(path);
        version = versioned[1];
        path = versioned[2] ?? '/';
      }
      const reply = await router.dispatch({ method, path, version, query: url.searchParams, headers: req.headers, rawBody, origin });
      ctx.log(`${method} ${url.pathname} -> ${reply.status}`);
      writeReply(res, reply);
    } catch (error) {
      if (!(error instanceof SandboxHttpError)) throw error;
      ctx.log(`${method} ${url.pathname} -> ${error.spec.httpStatus} (#${error.spec.code})`);
      replyError(res, error.spec);
    }
  }

  return { server, heldSockets };
}

/** The request's JSON body for fault matching; anything else (multipart uploads, bad JSON) is undefined. */
function jsonOrUndefined(rawBody: Buffer, contentType: string | undefined): unknown {
  if (!contentType?.includes('json') || rawBody.length === 0) return undefined;
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch {
    return undefined;
  }
}

function writeReply(res: http.ServerResponse, reply: SandboxReply): void {
  if ('binary' in reply) sendBinary(res, reply.status, reply.binary, reply.mimeType);
  else sendJson(res, reply.status, reply.json, reply.headers);
}

function replyError(res: http.ServerResponse, spec: MetaErrorSpec): void {
  sendJson(res, spec.httpStatus, metaErrorBody(spec), spec.headers);
}

function applyFault(fault: SandboxFault, req: http.IncomingMessage, res: http.ServerResponse, held: Set<Socket>): void {
  if (fault.kind === 'reset') {
    req.socket.destroy();
    return;
  }
  if (fault.kind === 'timeout') {
    // Never answer; the socket stays open until the client gives up or the sandbox closes.
    held.add(req.socket);
    req.socket.once('close', () => held.delete(req.socket));
    return;
  }
  const code = fault.code ?? defaultCodeFor(fault.status);
  const spec: MetaErrorSpec = {
    httpStatus: fault.status ?? defaultHttpStatusFor(code),
    code,
    title: fault.title ?? defaultTitleFor(code),
    details: fault.details,
    headers: fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : undefined,
  };
  replyError(res, spec);
}

function defaultCodeFor(status: number | undefined): number {
  if (status === undefined || status >= 500) return 131000;
  if (status === 429) return 130429;
  if (status === 401) return 190;
  return 100;
}

const DEFAULT_TITLES: Record<number, string> = {
  1: 'An unknown error has occurred.',
  2: 'Service temporarily unavailable',
  4: 'Application request limit reached',
  100: 'Invalid parameter',
  190: 'Access token has expired',
  368: 'Temporarily blocked for policies violations',
  80007: 'Rate limit issues',
  130429: 'Rate limit hit',
  131000: 'Something went wrong',
  131016: 'Service unavailable',
  131026: 'Message undeliverable',
  131047: 'Re-engagement message',
  131048: 'Spam rate limit hit',
  131049: 'This message was not delivered to maintain healthy ecosystem engagement.',
  131050: 'User has stopped marketing messages',
  131056: '(Business Account, Consumer Account) pair rate limit hit',
  131057: 'Account in maintenance mode',
  132000: 'Number of parameters does not match the expected number of params',
  132001: 'Template name does not exist in the translation',
  133004: 'Server temporarily unavailable',
};

function defaultTitleFor(code: number): string {
  return DEFAULT_TITLES[code] ?? 'Sandbox injected error';
}
