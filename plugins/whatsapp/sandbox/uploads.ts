import { createHash, randomBytes } from 'node:crypto';
import type { SandboxContext } from './context';
import type { SandboxReply, SandboxRequest } from './http/router';
import { metaErrors, SandboxHttpError } from './errors';

/**
 * Meta's Resumable Upload API (https://developers.facebook.com/docs/graph-api/resumable-upload-api),
 * which gives the `header_handle` a media template header needs as its sample:
 * 1. `POST /{app-id}/uploads?file_name&file_length&file_type` → `{ id: "upload:<session>" }`;
 * 2. `POST /upload:<session>` with `Authorization: OAuth <token>`, `file_offset: <n>` and the
 *    bytes as the body → `{ h: "<file handle>" }` once the file is complete;
 *    `GET /upload:<session>` → `{ id, file_offset }` tells where to resume.
 * The sandbox keeps sessions and handles in memory and checks them when a template is created or
 * edited, as Meta does.
 */

const MB = 1024 * 1024;

/** The types Meta accepts for an upload session, and the size caps of template header samples. */
export const UPLOAD_TYPES: Record<string, number> = {
  'application/pdf': 100 * MB,
  'image/jpeg': 5 * MB,
  'image/jpg': 5 * MB,
  'image/png': 5 * MB,
  'video/mp4': 16 * MB,
};

/** Which uploaded types a media header format takes. */
export const HEADER_FORMAT_TYPES: Record<string, string[]> = {
  IMAGE: ['image/jpeg', 'image/jpg', 'image/png'],
  VIDEO: ['video/mp4'],
  DOCUMENT: ['application/pdf'],
};

/** The app id the sandbox answers to when none is configured (SandboxOptions.appId). */
export const SANDBOX_APP_ID = '100000000000777';

export const UPLOAD_SESSION_PREFIX = 'upload:';

interface UploadSession {
  id: string;
  appId: string;
  fileName?: string;
  fileType: string;
  fileLength: number;
  received: Buffer[];
  offset: number;
  handle?: string;
}

export interface UploadedFile {
  handle: string;
  fileType: string;
  fileLength: number;
  sha256: string;
}

export class UploadStore {
  private readonly sessions = new Map<string, UploadSession>();
  private readonly handles = new Map<string, UploadedFile>();

  open(appId: string, fileType: string, fileLength: number, fileName?: string): UploadSession {
    const id = `${UPLOAD_SESSION_PREFIX}${randomBytes(18).toString('base64url')}`;
    const session: UploadSession = { id, appId, fileName, fileType, fileLength, received: [], offset: 0 };
    this.sessions.set(id, session);
    return session;
  }

  session(id: string): UploadSession | undefined {
    return this.sessions.get(id);
  }

  /** Appends a chunk at `offset`; returns the file once complete. */
  append(session: UploadSession, offset: number, chunk: Buffer): UploadedFile | undefined {
    session.received.push(Buffer.from(chunk));
    session.offset = offset + chunk.length;
    if (session.offset < session.fileLength) return undefined;
    const data = Buffer.concat(session.received);
    // Meta's handles look like `4::<base64 of the type>:<opaque>`; only their being issued matters.
    const handle = `4::${Buffer.from(session.fileType).toString('base64')}:${randomBytes(24).toString('base64url')}`;
    const file: UploadedFile = { handle, fileType: session.fileType, fileLength: data.length, sha256: createHash('sha256').update(data).digest('hex') };
    session.handle = handle;
    this.handles.set(handle, file);
    return file;
  }

  file(handle: string): UploadedFile | undefined {
    return this.handles.get(handle);
  }

  clear(): void {
    this.sessions.clear();
    this.handles.clear();
  }
}

const uploadError = (details: string) => new SandboxHttpError({ httpStatus: 400, code: 100, title: 'Invalid parameter', details });

/** `POST /{app-id}/uploads`. */
export function openUploadSession(ctx: SandboxContext, req: SandboxRequest): SandboxReply {
  const { appId } = req.params;
  if (!/^\d{5,20}$/.test(appId) || (ctx.appId && appId !== ctx.appId)) throw metaErrors.unknownObject('POST', appId);
  const lengthParam = req.query.get('file_length');
  if (lengthParam === null) throw uploadError('The parameter file_length is required.');
  if (!/^\d+$/.test(lengthParam) || Number(lengthParam) <= 0) throw uploadError('Param file_length must be a positive whole number of bytes.');
  const fileLength = Number(lengthParam);
  const fileType = (req.query.get('file_type') ?? '').trim().toLowerCase();
  if (!fileType) throw uploadError('The parameter file_type is required.');
  const max = UPLOAD_TYPES[fileType];
  if (max === undefined) throw uploadError(`Param file_type must be one of ${Object.keys(UPLOAD_TYPES).join(', ')}; got ${fileType}.`);
  if (fileLength > max) throw uploadError(`The file is ${fileLength} bytes; ${fileType} allows at most ${max}.`);
  const session = ctx.uploads.open(appId, fileType, fileLength, req.query.get('file_name') ?? undefined);
  ctx.log(`upload session ${session.id} opened (${fileType}, ${fileLength} bytes)`);
  return { status: 200, json: { id: session.id } };
}

/**
 * `POST /upload:<session>`: Meta takes the token here as `Authorization: OAuth <token>` (the server
 * front accepts both schemes) and the resume point in the `file_offset` header.
 */
export function uploadToSession(ctx: SandboxContext, req: SandboxRequest): SandboxReply {
  const session = ctx.uploads.session(req.params.id);
  if (!session) throw metaErrors.unknownObject('POST', req.params.id);
  const header = req.headers.file_offset ?? req.headers['file-offset'];
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined) throw uploadError('The header file_offset is required.');
  if (!/^\d+$/.test(String(raw).trim())) throw uploadError('The header file_offset must be a whole number of bytes.');
  const offset = Number(String(raw).trim());
  if (session.handle) return { status: 200, json: { h: session.handle } };
  if (offset !== session.offset) {
    throw uploadError(`The file_offset ${offset} does not match the session's offset ${session.offset}; resume from ${session.offset}.`);
  }
  if (req.rawBody.length === 0) throw uploadError('The request body must hold the bytes of the file.');
  if (offset + req.rawBody.length > session.fileLength) {
    throw uploadError(`The upload is longer than the file_length ${session.fileLength} declared for this session.`);
  }
  const file = ctx.uploads.append(session, offset, req.rawBody);
  if (!file) return { status: 200, json: { id: session.id, file_offset: session.offset } };
  ctx.log(`upload session ${session.id} complete: handle issued`);
  return { status: 200, json: { h: file.handle } };
}

/** `GET /upload:<session>`. */
export function uploadSessionState(ctx: SandboxContext, id: string): SandboxReply | undefined {
  const session = ctx.uploads.session(id);
  if (!session) return undefined;
  return { status: 200, json: { id: session.id, file_offset: session.offset } };
}

/**
 * A media header in a create or edit body needs a `header_handle` this sandbox issued, of a type
 * the format takes; otherwise code 100 with Meta's header subcode 2388047 and a detail naming it.
 */
export function checkMediaHeader(ctx: SandboxContext, components: any[]): void {
  const header = components.find((component) => component && String(component.type).toUpperCase() === 'HEADER');
  if (!header) return;
  const format = String(header.format ?? '').toUpperCase();
  const types = HEADER_FORMAT_TYPES[format];
  if (!types) return;
  const handle = Array.isArray(header.example?.header_handle) ? header.example.header_handle[0] : undefined;
  if (typeof handle !== 'string' || handle === '') {
    throw metaErrors.invalidParameter(`A ${format} header needs example.header_handle: a handle from the Resumable Upload API.`, 2388047);
  }
  const file = ctx.uploads.file(handle);
  if (!file) throw metaErrors.invalidParameter(`The header_handle of the ${format} header is not a file uploaded with the Resumable Upload API.`, 2388047);
  if (!types.includes(file.fileType)) {
    throw metaErrors.invalidParameter(`A ${format} header takes ${types.join(', ')}; the uploaded sample is ${file.fileType}.`, 2388047);
  }
}
