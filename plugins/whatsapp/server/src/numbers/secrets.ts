import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { getService } from '../core/get-service';

/**
 * AES-256-GCM for secrets at rest (access tokens, app secrets). The key is the SHA-256 of
 * WHATSAPP_ENCRYPTION_KEY, or, when unset, of Strapi's app keys (so a fresh install is encrypted
 * from the first save). Format: `wa1:<iv>:<tag>:<ciphertext>`, base64 parts.
 */
const PREFIX = 'wa1';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let key: Buffer | undefined;

  const getKey = (): Buffer => {
    if (key) return key;
    const configured = getService(strapi, 'runtime').get().config.encryptionKey;
    const material =
      configured ?? `strapi-app-keys:${(strapi.config.get('server.app.keys', []) as string[]).join(',')}`;
    key = crypto.createHash('sha256').update(material).digest();
    return key;
  };

  return {
    isEncrypted(value: string | null | undefined): boolean {
      return typeof value === 'string' && value.startsWith(`${PREFIX}:`);
    },

    encrypt(plain: string): string {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', getKey(), iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [PREFIX, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
    },

    /** Decrypts; a value that is not in our format is returned as is (legacy plain text). */
    decrypt(value: string | null | undefined): string | undefined {
      if (!value) return undefined;
      if (!value.startsWith(`${PREFIX}:`)) return value;
      const [, iv, tag, data] = value.split(':');
      try {
        const decipher = crypto.createDecipheriv('aes-256-gcm', getKey(), Buffer.from(iv, 'base64'));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        // Never echo the value: the message names the cause a person can fix.
        throw new Error(
          '[whatsapp] A stored secret cannot be decrypted: WHATSAPP_ENCRYPTION_KEY (or APP_KEYS) changed since it was saved. Enter the secret again.'
        );
      }
    },

    /** The last 4 characters, the only part of a secret the UI ever shows. */
    last4(plain: string | undefined): string | null {
      return plain ? plain.slice(-4) : null;
    },
  };
};
