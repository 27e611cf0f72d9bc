import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { ListPhoneNumbers, PhoneNumberView, SyncPhoneNumbers } from '../../../shared/contracts/numbers';
import type { PhoneNumberRecord } from '../core/graph';
import { UID } from '../../../shared/uids';
import { describeGraphFailure } from '../core/graph/failure';
import { getService } from '../core/get-service';
import { toPhoneNumberView } from './views/numbers';
import { EVERYTHING, type TenantScope, tenantIdsIn } from '../tenancy/scope';

const CRON_TASK = 'whatsappNumberSync';
const POPULATE = { account: true, tenant: true } as const;

/**
 * Meta's throughput levels in messages per second (80 default, 1,000 HIGH:
 * docs/whatsapp-cloud-api.md#throughput).
 */
const HIGH_THROUGHPUT = 1000;

/**
 * Business phone numbers: the list the admin assigns from, and the sync from Meta
 * (`GET /{waba-id}/phone_numbers` per account). Meta is the truth for a number's details; a number
 * Meta no longer lists is marked `missingAtMeta`, never deleted, because messages and a tenant
 * may still refer to it. Syncs run one at a time (admin button and schedule may overlap).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const numbers = () => strapi.db.query(UID.phoneNumber);
  let queue: Promise<unknown> = Promise.resolve();

  const serialised = <T>(run: () => Promise<T>): Promise<T> => {
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  };

  async function upsert(record: PhoneNumberRecord, accountId: number, now: Date): Promise<'created' | 'updated'> {
    const data: Record<string, unknown> = {
      displayPhoneNumber: record.displayPhoneNumber || null,
      verifiedName: record.verifiedName ?? null,
      qualityRating: record.qualityRating ?? 'UNKNOWN',
      messagingLimitTier: record.messagingLimitTier ?? null,
      numberStatus: record.status ?? null,
      nameStatus: record.nameStatus ?? null,
      codeVerificationStatus: record.codeVerificationStatus ?? null,
      throughputLevel: record.throughputLevel ?? null,
      missingAtMeta: false,
      lastSyncedAt: now,
      account: accountId,
    };
    if (record.throughputLevel === 'HIGH') data.throughputPerSecond = HIGH_THROUGHPUT;
    const existing = await numbers().findOne({ where: { phoneNumberId: record.id }, select: ['id'] });
    if (existing) {
      await numbers().update({ where: { id: existing.id }, data });
      return 'updated';
    }
    const throughputPerSecond =
      (data.throughputPerSecond as number | undefined) ?? getService(strapi, 'runtime').get().config.defaultThroughput;
    await numbers().create({ data: { ...data, phoneNumberId: record.id, throughputPerSecond } });
    return 'created';
  }

  async function syncAccount(account: any): Promise<SyncPhoneNumbers.AccountResult> {
    const result: SyncPhoneNumbers.AccountResult = {
      accountId: account.documentId,
      name: account.name,
      ok: false,
      created: 0,
      updated: 0,
      missing: 0,
    };
    const accounts = getService(strapi, 'accounts');
    const credentials = accounts.credentialsOf(account);
    if (!credentials) {
      result.error = { title: 'No access token', message: 'This account has no access token. Add one in the settings.' };
      await strapi.db
        .query(UID.businessAccount)
        .update({ where: { id: account.id }, data: { connectionStatus: 'error', lastError: result.error.message } });
      return result;
    }

    let records: PhoneNumberRecord[];
    try {
      records = await accounts.graphClient(credentials).listPhoneNumbers(account.wabaId);
    } catch (error) {
      result.error = describeGraphFailure(error);
      await strapi.db.query(UID.businessAccount).update({
        where: { id: account.id },
        data: { connectionStatus: 'error', lastError: `${result.error.title}: ${result.error.message}` },
      });
      return result;
    }

    const now = new Date();
    await strapi.db.transaction(async () => {
      for (const record of records.filter((r) => r.id)) {
        result[await upsert(record, account.id, now)] += 1;
      }
      const seen = records.map((r) => r.id);
      const vanished = await numbers().findMany({
        where: { account: { id: account.id }, phoneNumberId: { $notIn: seen }, missingAtMeta: false },
        select: ['id'],
      });
      if (vanished.length) {
        await numbers().updateMany({
          where: { id: { $in: vanished.map((n: { id: number }) => n.id) } },
          data: { missingAtMeta: true, lastSyncedAt: now },
        });
      }
      result.missing = vanished.length;
      await strapi.db
        .query(UID.businessAccount)
        .update({ where: { id: account.id }, data: { connectionStatus: 'connected', lastError: null, lastSyncedAt: now } });
    });
    result.ok = true;
    return result;
  }

  return {
    /** `scope`: a member of tenants sees their tenants' numbers only (docs/tenancy.md). */
    async list(query: ListPhoneNumbers.Query, scope: TenantScope = EVERYTHING): Promise<PhoneNumberView[]> {
      const where: Record<string, unknown> = {};
      if (query.accountId) where.account = { documentId: query.accountId };
      if (!scope.all) where.tenant = { id: { $in: tenantIdsIn(scope) } };
      const rows = await numbers().findMany({
        where,
        populate: POPULATE,
        orderBy: [{ displayPhoneNumber: 'asc' }, { id: 'asc' }],
      });
      const views = rows.map(toPhoneNumberView);
      return query.available === 'true' ? views.filter((n) => !n.tenant && !n.missingAtMeta) : views;
    },

    /** Syncs one account (document id) or every account; per-account results, failures included. */
    sync({ accountId }: { accountId?: string } = {}): Promise<SyncPhoneNumbers.AccountResult[]> {
      return serialised(async () => {
        const accounts = await strapi.db
          .query(UID.businessAccount)
          .findMany({ where: accountId ? { documentId: accountId } : {}, orderBy: [{ isMaster: 'desc' }, { name: 'asc' }] });
        if (accountId && !accounts.length) throw new errors.NotFoundError(`Business account ${accountId} not found`);
        if (!accounts.length) {
          throw new errors.ValidationError(
            'No WhatsApp Business Account is configured. Set WHATSAPP_ACCESS_TOKEN and WHATSAPP_BUSINESS_ACCOUNT_ID, or add an account in Settings → WhatsApp.'
          );
        }
        const results: SyncPhoneNumbers.AccountResult[] = [];
        for (const account of accounts) results.push(await syncAccount(account));
        return results;
      });
    },

    /** The scheduled sync: never throws, logs each failure without secrets. */
    async runScheduledSync(): Promise<void> {
      try {
        const results = await this.sync();
        for (const r of results.filter((x) => !x.ok)) {
          strapi.log.warn(`[whatsapp] Scheduled number sync failed for account '${r.name}': ${r.error?.title} (${r.error?.message})`);
        }
      } catch (error) {
        const message = error instanceof errors.ApplicationError ? error.message : 'unexpected error';
        strapi.log.warn(`[whatsapp] Scheduled number sync skipped: ${message}`);
      }
    },

    /** Registers the cron task from `syncCron` (WHATSAPP_SYNC_CRON); false disables it. */
    scheduleSync(): void {
      const rule = getService(strapi, 'runtime').get().config.syncCron;
      if (rule === false) return;
      strapi.cron.add({ [CRON_TASK]: { task: () => this.runScheduledSync(), options: { rule } } });
    },

    unscheduleSync(): void {
      strapi.cron.remove(CRON_TASK);
    },
  };
};
