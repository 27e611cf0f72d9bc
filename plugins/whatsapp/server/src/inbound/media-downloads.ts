import crypto from 'crypto';
import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { GraphApiError } from '../core/graph';
import { UID } from '../../../shared/uids';
import { afterCommit } from '../core/db';
import { getService } from '../core/get-service';
import { storableText } from './storable-text';
import { messageEventOf } from '../core/events';

/** Attempts per media before it stays failed (an admin can still retry it). */
export const MEDIA_MAX_ATTEMPTS = 6;
/** While a download runs its row is leased; a crash frees it after this. */
const LEASE_MS = 5 * 60_000;
const SWEEP_BATCH = 20;

/** 30 s, 1 min, 2 min, … capped at 1 h. Media ids stay downloadable for 7 days. */
export function mediaBackoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000);
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/amr': 'amr',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'application/pdf': 'pdf',
  'text/plain': 'txt',
};

/** A safe file name: Meta's document filename when present, else `<type>-<wamid tail>.<ext>`. */
export function mediaFileName(message: { type: string; wamid?: string | null; mediaFilename?: string | null }, mime: string): string {
  const given = (message.mediaFilename ?? '').replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim().slice(0, 200);
  if (given && given !== '.' && given !== '..') return given;
  const base = mime.split(';')[0].trim().toLowerCase();
  const ext = EXTENSIONS[base] ?? (base.split('/')[1] || 'bin').replace(/[^a-z0-9]/g, '').slice(0, 8);
  const tail = (message.wamid ?? crypto.randomBytes(6).toString('hex')).replace(/[^A-Za-z0-9]/g, '').slice(-12);
  return `whatsapp-${message.type}-${tail}.${ext}`;
}

const matches = (mime: string, pattern: string): boolean => {
  if (pattern.endsWith('/*')) return mime.startsWith(pattern.slice(0, -1));
  if (pattern.endsWith('*')) return mime.startsWith(pattern.slice(0, -1));
  return mime === pattern;
};

/** The host's upload security rules (config/plugins.ts `upload.security`) applied to a MIME type. */
export function mimeAllowedByUploadConfig(mime: string, security: { allowedTypes?: string[]; deniedTypes?: string[] } | undefined): boolean {
  const base = mime.split(';')[0].trim().toLowerCase();
  if (security?.deniedTypes?.some((p) => matches(base, p.toLowerCase()))) return false;
  if (security?.allowedTypes?.length) return security.allowedTypes.some((p) => matches(base, p.toLowerCase()));
  return true;
}

class PermanentMediaError extends Error {}

/**
 * Inbound media → Strapi's media library: media id → short-lived URL → bytes (bearer token of
 * the number's account, sha256 checked) → upload plugin → linked to the message. The message is
 * stored before and whatever happens here; a failed download is recorded on it
 * (mediaStatus/mediaError/mediaAttempts) and retried with back-off by the sweep.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const running = new Set<number>();

  /** Leases the row (so no other worker downloads it at the same time); false if not due. */
  const claim = async (id: number, force = false): Promise<boolean> => {
    const now = new Date();
    const where: Record<string, unknown> = { id, mediaStatus: { $in: ['pending', 'failed'] } };
    if (!force) where.$or = [{ mediaNextAttemptAt: { $null: true } }, { mediaNextAttemptAt: { $lte: now } }];
    const result = await strapi.db
      .query(UID.message)
      .updateMany({ where, data: { mediaStatus: 'pending', mediaNextAttemptAt: new Date(now.getTime() + LEASE_MS) } });
    return ((result as { count?: number })?.count ?? 0) > 0;
  };

  const fetchAndStore = async (message: any) => {
    const credentials = await getService(strapi, 'accounts').credentialsForPhoneNumber(message.businessPhoneNumberId);
    if (!credentials) throw new PermanentMediaError('No access token is configured for the account of this number.');
    const client = getService(strapi, 'accounts').graphClient(credentials);
    const info = await client.getMedia(message.mediaId);
    // Meta's answer is written to text columns: no U+0000 (storable-text.ts).
    const mime = storableText((info.mimeType || message.mediaMimeType || 'application/octet-stream').split(';')[0].trim());
    if (!mimeAllowedByUploadConfig(mime, strapi.config.get('plugin::upload.security') as any)) {
      throw new PermanentMediaError(`The media library does not accept ${mime} files (upload security settings).`);
    }
    const data = await client.downloadMedia(info.url, message.mediaSha256 ?? info.sha256);

    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'whatsapp-media-'));
    const name = mediaFileName(message, mime);
    const filepath = path.join(dir, name);
    try {
      await fs.writeFile(filepath, data);
      const [file] = await strapi
        .plugin('upload')
        .service('upload')
        .upload({
          data: { fileInfo: { name, caption: message.caption ?? undefined, alternativeText: message.caption ?? undefined } },
          files: { filepath, originalFilename: name, mimetype: mime, size: data.length },
        });
      return { file, mime };
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  };

  const download = async (id: number): Promise<'downloaded' | 'failed' | 'skipped'> => {
    const message = await strapi.db.query(UID.message).findOne({
      where: { id },
      populate: { tenant: { select: ['id'] }, customer: { select: ['id'] } },
    });
    if (!message || !message.mediaId) return 'skipped';
    const attempts = (message.mediaAttempts ?? 0) + 1;
    let data: Record<string, unknown>;
    let outcome: 'downloaded' | 'failed';
    try {
      const { file, mime } = await fetchAndStore(message);
      data = { media: file.id, mediaStatus: 'downloaded', mediaError: null, mediaAttempts: attempts, mediaNextAttemptAt: null, mediaMimeType: mime };
      outcome = 'downloaded';
    } catch (error) {
      const permanent = error instanceof PermanentMediaError || (error instanceof GraphApiError && !error.retryable && error.httpStatus !== 404);
      const last = permanent || attempts >= MEDIA_MAX_ATTEMPTS;
      data = {
        mediaStatus: 'failed',
        mediaError: storableText((error as Error).message.slice(0, 2000)),
        mediaAttempts: attempts,
        mediaNextAttemptAt: last ? null : new Date(Date.now() + mediaBackoffMs(attempts)),
      };
      outcome = 'failed';
      strapi.log.warn(`[whatsapp] media of message ${message.wamid} not downloaded (attempt ${attempts}${last ? ', giving up' : ''}): ${(error as Error).message}`);
    }
    const updated = await strapi.db.query(UID.message).update({ where: { id }, data });
    getService(strapi, 'events').emit(
      'message.updated',
      messageEventOf({ ...updated, tenant: message.tenant, customer: message.customer }, 'media')
    );
    return outcome;
  };

  const run = async (id: number, force = false) => {
    if (running.has(id)) return 'skipped' as const;
    running.add(id);
    try {
      if (!(await claim(id, force))) return 'skipped' as const;
      return await download(id);
    } finally {
      running.delete(id);
    }
  };

  return {
    /** Starts a download in the background (right after an inbound media message is stored). */
    start(messageId: number): void {
      // After the commit: the download must find the message row, and must not run for one rolled back.
      afterCommit(strapi, () => {
        run(messageId).catch((error) => strapi.log.error(`[whatsapp] media download crashed: ${(error as Error).message}`));
      });
    },

    /** Downloads now, even if not due yet (admin "retry", tests). */
    retry(messageId: number) {
      return run(messageId, true);
    },

    /** Downloads that are due: new ones whose first try was lost in a crash, and failed ones to retry. */
    async sweep(): Promise<number> {
      const due = await strapi.db.query(UID.message).findMany({
        select: ['id'],
        where: {
          direction: 'inbound',
          mediaStatus: { $in: ['pending', 'failed'] },
          mediaNextAttemptAt: { $lte: new Date() },
          mediaAttempts: { $lt: MEDIA_MAX_ATTEMPTS },
        },
        orderBy: { id: 'asc' },
        limit: SWEEP_BATCH,
      });
      let done = 0;
      for (const { id } of due as { id: number }[]) {
        if ((await run(id)) !== 'skipped') done += 1;
      }
      return done;
    },

    /** Resolves when no download started by this process is running (shutdown, tests). */
    async idle(): Promise<void> {
      while (running.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
};
