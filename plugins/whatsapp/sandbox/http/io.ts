import type { IncomingMessage, ServerResponse } from 'node:http';
import { SandboxHttpError } from '../errors';

/** Media uploads may be up to 100 MB (documents); anything bigger is refused before buffering. */
const MAX_BODY_BYTES = 110 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new SandboxHttpError({ httpStatus: 413, code: 100, title: 'Invalid parameter', details: 'Request body too large.' }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const raw = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=UTF-8',
    'Content-Length': Buffer.byteLength(raw),
    ...headers,
  });
  res.end(raw);
}

export function sendBinary(res: ServerResponse, status: number, data: Buffer, mimeType: string): void {
  res.writeHead(status, { 'Content-Type': mimeType, 'Content-Length': data.length });
  res.end(data);
}
