import type { Core } from '@strapi/strapi';
import { UID } from '../../../../shared/uids';
import { getService } from '../../core/get-service';
import type { PayloadSummary } from '../webhook-types';

/** A safety net for writes that bypass the document service (another instance, raw queries). */
const CACHE_TTL_MS = 60_000;
/** On a signature miss the cache is reloaded at most this often, so forged posts cannot hammer the DB. */
const MISS_RELOAD_INTERVAL_MS = 5_000;

interface SecretIndex {
  byWabaId: Map<string, string>;
  byPhoneNumberId: Map<string, string>;
  loadedAt: number;
}

/**
 * The app secrets that may have signed a webhook, for the hot path. The master secret (from the
 * environment) is tried first; dedicated accounts' secrets are found by the payload's WABA ids and
 * phone number ids. Decrypted secrets are cached in memory and dropped whenever an account or a
 * number is written (document middleware in register.ts), and after a minute in any case.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let index: SecretIndex | undefined;
  let loading: Promise<SecretIndex> | undefined;
  let lastMissReload = 0;

  const load = async (): Promise<SecretIndex> => {
    const accounts = await strapi.db.query(UID.businessAccount).findMany({
      select: ['id', 'wabaId', 'appSecret'],
      where: { appSecret: { $notNull: true } },
      populate: { phoneNumbers: { select: ['phoneNumberId'] } },
    });
    const secrets = getService(strapi, 'secrets');
    const next: SecretIndex = { byWabaId: new Map(), byPhoneNumberId: new Map(), loadedAt: Date.now() };
    for (const account of accounts as any[]) {
      let secret: string | undefined;
      try {
        secret = secrets.decrypt(account.appSecret);
      } catch (error) {
        strapi.log.error(`[whatsapp] The app secret of business account ${account.wabaId} ${(error as Error).message}`);
      }
      if (!secret) continue;
      next.byWabaId.set(String(account.wabaId), secret);
      for (const number of account.phoneNumbers ?? []) next.byPhoneNumberId.set(String(number.phoneNumberId), secret);
    }
    return next;
  };

  const current = async (force = false): Promise<SecretIndex> => {
    if (!force && index && Date.now() - index.loadedAt < CACHE_TTL_MS) return index;
    if (!loading) {
      loading = load()
        .then((loaded) => (index = loaded))
        .finally(() => (loading = undefined));
    }
    return loading;
  };

  return {
    /** The master (shared) account's app secret from the environment, if any. */
    master(): string | undefined {
      try {
        return getService(strapi, 'runtime').get().appSecret;
      } catch {
        return undefined; // runtime not started yet (boot in progress)
      }
    },

    /**
     * Secrets of the accounts named by the payload (WABA ids, then phone number ids), the master
     * excluded. `afterMiss`: the first candidates all failed, reload once in a while in case an
     * account was just added on another instance.
     */
    async candidates(summary: PayloadSummary, afterMiss = false): Promise<string[]> {
      const now = Date.now();
      const force = afterMiss && now - lastMissReload > MISS_RELOAD_INTERVAL_MS;
      if (force) lastMissReload = now;
      const idx = await current(force);
      const master = this.master();
      const found = new Set<string>();
      for (const id of summary.wabaIds) {
        const secret = idx.byWabaId.get(id);
        if (secret) found.add(secret);
      }
      for (const id of summary.phoneNumberIds) {
        const secret = idx.byPhoneNumberId.get(id);
        if (secret) found.add(secret);
      }
      if (master) found.delete(master);
      return [...found];
    },

    /** Drops the cache (an account or phone number was written). */
    invalidate(): void {
      index = undefined;
    },
  };
};
