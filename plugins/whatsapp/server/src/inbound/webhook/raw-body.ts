import type { IncomingMessage } from 'http';

/**
 * Meta's payloads are at most 3 MB (docs/whatsapp-cloud-api.md#webhook-delivery); anything larger
 * is not Meta.
 */
export const MAX_WEBHOOK_BYTES = 3 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The webhook body is larger than ${limit} bytes.`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads the request body as raw bytes, refusing more than `limit` bytes: a declared
 * Content-Length over the limit is refused before reading, a chunked body as soon as it crosses it.
 */
export function readRawBody(req: IncomingMessage, limit = MAX_WEBHOOK_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError(limit));

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      if (error) {
        // Stop buffering; the rest of the upload is discarded.
        req.resume();
        reject(error);
      } else resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return finish(new BodyTooLargeError(limit));
      chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onError = (error: Error) => finish(error);
    const onAborted = () => finish(new Error('The client aborted the request.'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
