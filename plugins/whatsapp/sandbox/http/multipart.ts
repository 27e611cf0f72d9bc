/**
 * A minimal multipart/form-data parser for `POST /{pnid}/media`: enough for what HTTP clients
 * (FormData, curl -F) send, with no dependency.
 */
export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? match[1] ?? match[2] : undefined;
}

/** Returns undefined when the body is not well-formed multipart. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
  let position = body.indexOf(delimiter);
  if (position < 0) return undefined;
  const parts: MultipartPart[] = [];

  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString('latin1') === '--') return parts;
    if (body[position] === 13 && body[position + 1] === 10) position += 2;
    const end = body.indexOf(nextDelimiter, position);
    if (end < 0) return undefined;
    const part = body.subarray(position, end);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) return undefined;
    const headers = parseHeaders(part.subarray(0, headerEnd).toString('utf8'));
    const disposition = headers['content-disposition'] ?? '';
    const name = /(?:^|;)\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (name !== undefined) {
      parts.push({
        name,
        filename: /filename="([^"]*)"/i.exec(disposition)?.[1],
        contentType: headers['content-type'],
        data: part.subarray(headerEnd + 4),
      });
    }
    position = end + 2; // at the next delimiter
  }
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}
