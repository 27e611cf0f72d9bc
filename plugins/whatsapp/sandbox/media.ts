import type { Router, SandboxRequest } from './http/router';
import type { SandboxContext } from './context';
import { requireNumber } from './context';
import { metaErrors } from './errors';
import { boundaryOf, parseMultipart } from './http/multipart';

/**
 * Media endpoints (docs/whatsapp-cloud-api.md#media): upload, look up (URL pointing back at the
 * sandbox), download with the bearer token, delete. Uploads are checked against Meta's type/size
 * table.
 */

const MB = 1024 * 1024;

/** Supported upload types and their size caps. */
export const SUPPORTED_MEDIA: Record<string, number> = {
  'audio/aac': 16 * MB,
  'audio/amr': 16 * MB,
  'audio/mpeg': 16 * MB,
  'audio/mp4': 16 * MB,
  'audio/ogg': 16 * MB,
  'text/plain': 100 * MB,
  'application/pdf': 100 * MB,
  'application/msword': 100 * MB,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 100 * MB,
  'application/vnd.ms-excel': 100 * MB,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 100 * MB,
  'application/vnd.ms-powerpoint': 100 * MB,
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 100 * MB,
  'image/jpeg': 5 * MB,
  'image/png': 5 * MB,
  'image/webp': 500 * 1024,
  'video/mp4': 16 * MB,
  'video/3gpp': 16 * MB,
};

/** `audio/ogg; codecs=opus` → `audio/ogg`. */
export const baseMimeType = (mimeType: string) => mimeType.split(';')[0].trim().toLowerCase();

export const MEDIA_DOWNLOAD_PREFIX = '/media-download/';

export function registerMediaRoutes(router: Router, ctx: SandboxContext): void {
  router.on('POST', '/:phoneNumberId/media', (req) => {
    requireNumber(ctx, req.params.phoneNumberId, 'POST');
    const boundary = boundaryOf(req.headers['content-type']);
    if (!boundary) throw metaErrors.invalidParameter('Media must be uploaded as multipart/form-data.');
    const parts = parseMultipart(req.rawBody, boundary);
    if (!parts) throw metaErrors.invalidParameter('The multipart body could not be parsed.');
    const field = (name: string) => parts.find((part) => part.name === name);

    if (field('messaging_product')?.data.toString('utf8') !== 'whatsapp') {
      throw metaErrors.invalidParameter("The parameter messaging_product is required and must be 'whatsapp'.");
    }
    const file = field('file');
    if (!file || file.filename === undefined) throw metaErrors.missingParameter("The parameter 'file' is required.");
    const mimeType = field('type')?.data.toString('utf8').trim() || file.contentType;
    if (!mimeType) throw metaErrors.missingParameter("The parameter 'type' is required.");
    const maxBytes = SUPPORTED_MEDIA[baseMimeType(mimeType)];
    if (maxBytes === undefined) throw metaErrors.mediaUpload(`Param file must be a file with one of the following types: ${Object.keys(SUPPORTED_MEDIA).join(', ')}. Received ${mimeType}.`);
    if (file.data.length === 0) throw metaErrors.mediaUpload('The uploaded file is empty.');
    if (file.data.length > maxBytes) throw metaErrors.mediaUpload(`The file is ${file.data.length} bytes; ${mimeType} allows at most ${maxBytes}.`);

    const media = ctx.media.add(file.data, mimeType, file.filename || undefined);
    ctx.log(`media ${media.id} uploaded (${mimeType}, ${media.data.length} bytes)`);
    return { status: 200, json: { id: media.id } };
  });

  router.on('GET', `${MEDIA_DOWNLOAD_PREFIX}:mediaId`, (req) => {
    const media = ctx.media.get(req.params.mediaId);
    if (!media) return { status: 404, json: { error: 'Media not found or URL expired' } };
    return { status: 200, binary: media.data, mimeType: media.mimeType };
  });
}

/** `GET /{media-id}`; returns undefined when the id is not a media id (the id may be something else). */
export function mediaLookup(ctx: SandboxContext, req: SandboxRequest, id: string) {
  const media = ctx.media.get(id);
  if (!media) return undefined;
  return {
    messaging_product: 'whatsapp',
    url: `${req.origin}${MEDIA_DOWNLOAD_PREFIX}${media.id}?mid=${media.id}&ext=${Math.floor(media.createdAt / 1000)}`,
    mime_type: media.mimeType,
    sha256: media.sha256,
    file_size: media.data.length,
    id: media.id,
  };
}
