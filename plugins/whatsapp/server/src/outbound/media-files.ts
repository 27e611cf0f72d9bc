import fs from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { unprocessable } from '../core/errors';
import type { MediaFileRef } from './payload';

/**
 * Strapi upload files sent as WhatsApp media: checked against Meta's type and size limits when the
 * message is queued (docs/whatsapp-cloud-api.md#media), read back by the outbox worker to upload to
 * Meta.
 */

const UPLOAD_FILE = 'plugin::upload.file';

const RULES: Record<MediaFileRef['kind'], { mimes: RegExp; maxBytes: number; label: string }> = {
  image: { mimes: /^image\/(jpeg|png)$/, maxBytes: 5 * 1024 * 1024, label: 'JPEG or PNG, up to 5 MB' },
  video: { mimes: /^video\/(mp4|3gpp)$/, maxBytes: 16 * 1024 * 1024, label: 'MP4 or 3GPP, up to 16 MB' },
  audio: { mimes: /^audio\/(aac|amr|mpeg|mp4|ogg)$/, maxBytes: 16 * 1024 * 1024, label: 'AAC, AMR, MP3, M4A or OGG (Opus), up to 16 MB' },
  document: {
    mimes: /^(text\/plain|application\/pdf|application\/(msword|vnd\.ms-excel|vnd\.ms-powerpoint)|application\/vnd\.openxmlformats-officedocument\.(wordprocessingml\.document|spreadsheetml\.sheet|presentationml\.presentation))$/,
    maxBytes: 100 * 1024 * 1024,
    label: 'PDF, text, Word, Excel or PowerPoint, up to 100 MB',
  },
  sticker: { mimes: /^image\/webp$/, maxBytes: 500 * 1024, label: 'WebP, up to 500 KB' },
};

export interface UploadFileRow {
  id: number;
  documentId: string;
  name: string;
  mime: string;
  /** Strapi stores sizes in KB. */
  size: number;
  url: string;
  provider?: string;
}

export async function findSendableFile(strapi: Core.Strapi, ref: MediaFileRef): Promise<UploadFileRow> {
  const where = typeof ref.file === 'number' || /^\d+$/.test(String(ref.file)) ? { id: Number(ref.file) } : { documentId: ref.file };
  const file: UploadFileRow | null = await strapi.db.query(UPLOAD_FILE).findOne({ where });
  if (!file) throw unprocessable(`There is no uploaded file ${ref.file} in the media library.`, { path: [ref.kind, 'file'] });
  const rule = RULES[ref.kind];
  const mime = String(file.mime || '').split(';')[0].trim().toLowerCase();
  if (!rule.mimes.test(mime)) {
    throw unprocessable(`WhatsApp does not accept ${mime || 'this file type'} as ${ref.kind}: use ${rule.label}.`, { path: [ref.kind, 'file'] });
  }
  if (Number(file.size) * 1024 > rule.maxBytes) {
    throw unprocessable(`The file is too large for a WhatsApp ${ref.kind}: use ${rule.label}.`, { path: [ref.kind, 'file'] });
  }
  return file;
}

/** The bytes of an uploaded file: from disk for the local provider, else from its public URL. */
export async function readUploadFile(strapi: Core.Strapi, file: UploadFileRow): Promise<Buffer> {
  if (!/^https?:\/\//i.test(file.url)) {
    const publicDir = strapi.dirs.static.public;
    const target = path.resolve(publicDir, `.${file.url.startsWith('/') ? '' : '/'}${file.url}`);
    if (!target.startsWith(path.resolve(publicDir) + path.sep)) throw new Error('the file path leaves the public directory');
    return fs.readFile(target);
  }
  const response = await fetch(file.url);
  if (!response.ok) throw new Error(`the media library answered HTTP ${response.status} for the file`);
  return Buffer.from(await response.arrayBuffer());
}
