import { createHash } from 'node:crypto';
import type { IdFactory } from './ids';

/** Uploaded (or test-added) media, kept in memory by id. */
export interface StoredMedia {
  id: string;
  data: Buffer;
  mimeType: string;
  filename?: string;
  sha256: string;
  createdAt: number;
}

export class MediaStore {
  private readonly items = new Map<string, StoredMedia>();

  constructor(private readonly ids: IdFactory) {}

  add(data: Buffer, mimeType: string, filename?: string): StoredMedia {
    const media: StoredMedia = {
      id: this.ids.numeric(),
      data: Buffer.from(data),
      mimeType,
      filename,
      sha256: createHash('sha256').update(data).digest('hex'),
      createdAt: Date.now(),
    };
    this.items.set(media.id, media);
    return media;
  }

  get(id: string): StoredMedia | undefined {
    return this.items.get(id);
  }

  delete(id: string): boolean {
    return this.items.delete(id);
  }
}
