import type { IncomingHttpHeaders } from 'node:http';
import { metaErrors } from '../errors';

/**
 * A deliberately tiny router: the sandbox has a dozen routes and no framework dependency.
 * Patterns are path templates such as `/:phoneNumberId/messages`, matched segment by segment.
 */

export interface SandboxRequest {
  method: string;
  /** Path after the version prefix, e.g. `/123/messages`. */
  path: string;
  /** Graph API version from the URL, e.g. `v25.0` (undefined for unversioned routes). */
  version?: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Where this sandbox is reachable from the caller's point of view (for paging and media URLs). */
  origin: string;
  params: Record<string, string>;
}

export type SandboxReply =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; binary: Buffer; mimeType: string };

export type RouteHandler = (req: SandboxRequest) => SandboxReply | Promise<SandboxReply>;

interface Route {
  method: string;
  segments: string[];
  handler: RouteHandler;
}

export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method: method.toUpperCase(), segments: split(pattern), handler });
    return this;
  }

  dispatch(req: Omit<SandboxRequest, 'params'>): SandboxReply | Promise<SandboxReply> {
    const segments = split(req.path);
    for (const route of this.routes) {
      if (route.method !== req.method) continue;
      const params = match(route.segments, segments);
      if (params) return route.handler({ ...req, params });
    }
    throw metaErrors.unknownPath(req.path);
  }
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function match(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i += 1) {
    if (pattern[i].startsWith(':')) params[pattern[i].slice(1)] = safeDecode(actual[i]);
    else if (pattern[i] !== actual[i]) return undefined;
  }
  return params;
}

/** A malformed %-escape is kept literally: it then simply matches no object (error 100, not a crash). */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** JSON bodies are parsed per route, so a bad body yields Meta's error 100, not a crash. */
export function jsonBody(req: SandboxRequest): any {
  if (req.rawBody.length === 0) return {};
  try {
    return JSON.parse(req.rawBody.toString('utf8'));
  } catch {
    throw metaErrors.invalidParameter('The request body is not valid JSON.');
  }
}
