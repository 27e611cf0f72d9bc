import { z } from 'zod';

/**
 * The plugin's configuration: one zod schema validates it at startup (Strapi calls `validator`)
 * and parses it into typed values at runtime. The values are raw strings from the environment
 * (read by the plugin itself, `env.ts`) or whatever the host's `config/plugins` sets (strings,
 * booleans, numbers); an empty string or null counts as "not set", so a blank line in `.env`
 * never breaks startup.
 */

/** Which environment variable feeds each key, so a startup error names what the user must fix. */
export const ENV_NAMES = {
  accessToken: 'WHATSAPP_ACCESS_TOKEN',
  phoneNumberId: 'WHATSAPP_PHONE_NUMBER_ID',
  businessAccountId: 'WHATSAPP_BUSINESS_ACCOUNT_ID',
  apiVersion: 'WHATSAPP_API_VERSION',
  appSecret: 'WHATSAPP_APP_SECRET',
  webhookVerifyToken: 'WHATSAPP_WEBHOOK_VERIFY_TOKEN',
  notificationsEnabled: 'ENABLE_WHATSAPP_NOTIFICATIONS',
  graphApiUrl: 'WHATSAPP_GRAPH_API_URL',
  encryptionKey: 'WHATSAPP_ENCRYPTION_KEY',
  offlineMode: 'WHATSAPP_OFFLINE_MODE',
  autoCreateCustomers: 'WHATSAPP_AUTO_CREATE_CUSTOMERS',
  optOutKeywords: 'WHATSAPP_OPT_OUT_KEYWORDS',
  optInKeywords: 'WHATSAPP_OPT_IN_KEYWORDS',
  webhookRetentionDays: 'WHATSAPP_WEBHOOK_RETENTION_DAYS',
  auditRetentionDays: 'WHATSAPP_AUDIT_RETENTION_DAYS',
  messageRetentionDays: 'WHATSAPP_MESSAGE_RETENTION_DAYS',
  sendReadReceipts: 'WHATSAPP_SEND_READ_RECEIPTS',
  outboxMaxAttempts: 'WHATSAPP_OUTBOX_MAX_ATTEMPTS',
  outboxEnabled: 'WHATSAPP_OUTBOX_ENABLED',
  outboxPollIntervalMs: 'WHATSAPP_OUTBOX_POLL_MS',
  outboxLeaseMs: 'WHATSAPP_OUTBOX_LEASE_MS',
  webhookLeaseMs: 'WHATSAPP_WEBHOOK_LEASE_MS',
  defaultThroughput: 'WHATSAPP_DEFAULT_THROUGHPUT',
  requestTimeoutMs: 'WHATSAPP_REQUEST_TIMEOUT_MS',
  sandboxApproveDelayMs: 'WHATSAPP_SANDBOX_APPROVE_DELAY_MS',
  publicUrl: 'WHATSAPP_PUBLIC_URL',
  syncCron: 'WHATSAPP_SYNC_CRON',
  templateSyncCron: 'WHATSAPP_TEMPLATE_SYNC_CRON',
  appId: 'WHATSAPP_APP_ID',
  liveBus: 'WHATSAPP_LIVE_BUS',
  rateCardFile: 'WHATSAPP_RATE_CARD_FILE',
  // The conventional name (issue #15): a host that already runs Redis sets it once for everything.
  redisUrl: 'REDIS_URL',
} as const;

export type ConfigKey = keyof typeof ENV_NAMES;

export const CONFIG_KEYS = Object.keys(ENV_NAMES) as ConfigKey[];

/** Never printed: the startup log says only whether they are set and where from. */
export const SECRET_KEYS: ReadonlySet<ConfigKey> = new Set<ConfigKey>([
  'accessToken',
  'appSecret',
  'webhookVerifyToken',
  'encryptionKey',
]);

/** Where a setting's value came from: the host's config/plugins, the environment, the default. */
export type ConfigSource = 'host' | 'env' | 'default';

export const blankToUndefined = (value: unknown) =>
  value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value;

/** Comma-separated inbound keywords (opt-out, opt-in), compared in upper case. */
const keywordList = (defaults: string[]) =>
  z.preprocess(
    (value) => {
      const v = blankToUndefined(value);
      return typeof v === 'string' ? v.split(',') : v;
    },
    z
      .array(z.string().trim().min(1))
      .transform((words) => words.map((w) => w.toUpperCase()))
      .default(defaults)
  );

const optionalString = z.preprocess(blankToUndefined, z.string().trim().min(1).optional());

const digits = (what: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^\d{5,20}$/, `must be the numeric ${what} from Meta (digits only)`)
      .optional()
  );

const flag = (defaultValue: boolean) =>
  z.preprocess(
    (value) => {
      const v = blankToUndefined(value);
      if (v === undefined || typeof v === 'boolean') return v;
      const s = String(v).trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(s)) return true;
      if (['false', '0', 'no', 'off'].includes(s)) return false;
      return v; // left as is: z.boolean() rejects it with a clear message
    },
    z.boolean({ invalid_type_error: 'must be true or false' }).default(defaultValue)
  );

const integer = (defaultValue: number, min: number, max: number) =>
  z.preprocess(
    (value) => {
      const v = blankToUndefined(value);
      return typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
    },
    z
      .number({ invalid_type_error: 'must be a whole number' })
      .int('must be a whole number')
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`)
      .default(defaultValue)
  );

const httpUrl = z
  .string()
  .trim()
  .url('must be an http(s) URL')
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')
  .transform((u) => u.replace(/\/+$/, ''));

/** Every 6 hours, at minute 17 (off the hour, when many jobs run). */
export const DEFAULT_SYNC_CRON = '17 */6 * * *';

/** A cron rule (5 or 6 fields) or false ("false", "off", "no", "0") to switch a schedule off. */
const cronRule = (defaultRule: string) =>
  z.preprocess(
    (value) => {
      const v = blankToUndefined(value);
      if (v === undefined || typeof v === 'boolean') return v;
      const s = String(v).trim();
      return ['false', 'off', 'no', '0'].includes(s.toLowerCase()) ? false : s.replace(/\s+/g, ' ');
    },
    z
      .union(
        [
          z.literal(false),
          z.string().refine((rule) => /^[\d*/,?LW#A-Za-z-]+( [\d*/,?LW#A-Za-z-]+){4,5}$/.test(rule)),
        ],
        { errorMap: () => ({ message: 'must be a cron rule with 5 or 6 fields (e.g. "0 */6 * * *") or false' }) }
      )
      .default(defaultRule)
  );

export const configSchema = z.object({
  accessToken: optionalString,
  phoneNumberId: digits('phone number id'),
  businessAccountId: digits('WhatsApp Business Account id'),
  apiVersion: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^v\d{2}\.0$/, 'must look like v25.0')
      .default('v25.0')
  ),
  appSecret: optionalString,
  webhookVerifyToken: optionalString,
  notificationsEnabled: flag(true),
  graphApiUrl: z.preprocess(blankToUndefined, httpUrl.default('https://graph.facebook.com')),
  encryptionKey: z.preprocess(
    blankToUndefined,
    z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)').optional()
  ),
  /** true: always the sandbox; false: never (503 when unconfigured); auto: sandbox when no token. */
  offlineMode: z.preprocess(
    (value) => {
      const v = blankToUndefined(value);
      if (v === undefined) return 'auto';
      const s = String(v).trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(s)) return true;
      if (['false', '0', 'no', 'off'].includes(s)) return false;
      return s;
    },
    z.union([z.literal('auto'), z.boolean()], {
      errorMap: () => ({ message: 'must be auto, true or false' }),
    })
  ),
  autoCreateCustomers: flag(true),
  optOutKeywords: keywordList(['STOP', 'BAJA', 'UNSUBSCRIBE']),
  optInKeywords: keywordList(['START', 'ALTA', 'SUBSCRIBE']),
  webhookRetentionDays: integer(30, 1, 3650),
  /** How long audit entries (audit/log.ts) are kept; pruned daily. */
  auditRetentionDays: integer(365, 1, 36500),
  /** Messages older than this many days are deleted with their media (privacy/retention.ts); 0 = kept for ever. */
  messageRetentionDays: integer(0, 0, 36500),
  sendReadReceipts: flag(false),
  outboxMaxAttempts: integer(8, 1, 50),
  /** false: this instance queues messages but never sends them (another instance, or tests, do). */
  outboxEnabled: flag(true),
  /** How often an idle worker looks for due messages; new sends wake it at once. */
  outboxPollIntervalMs: integer(1000, 50, 60000),
  /**
   * Several instances (docs/several-instances.md): how long an outbox claim not yet sending, and
   * a webhook event being processed, stay with the instance that took them. Another instance
   * takes over what a dead one held once this has passed, so shorter means a faster takeover,
   * but a claim must outlast the live holder's own work: a claimed batch waiting for its number's
   * throughput (outbox), a batch of events being applied (webhooks).
   */
  outboxLeaseMs: integer(5 * 60_000, 1000, 24 * 60 * 60_000),
  webhookLeaseMs: integer(2 * 60_000, 1000, 24 * 60 * 60_000),
  defaultThroughput: integer(80, 1, 1000),
  requestTimeoutMs: integer(15000, 100, 120000),
  sandboxApproveDelayMs: integer(3000, 0, 600000),
  publicUrl: z.preprocess(blankToUndefined, httpUrl.optional()),
  /** When phone numbers are synced from Meta: a cron rule (5 or 6 fields), or false for never. */
  syncCron: cronRule(DEFAULT_SYNC_CRON),
  /** When templates are synced from Meta (review results, WhatsApp Manager edits), or false. */
  templateSyncCron: cronRule('*/30 * * * *'),
  /** The Meta app id: media template headers upload their sample to `POST /{app-id}/uploads`. */
  appId: digits('Meta app id'),
  /**
   * How the admin's live updates reach every instance (core/live/): auto = Redis when `redisUrl`
   * is set on PostgreSQL, else PostgreSQL LISTEN/NOTIFY on PostgreSQL, else in-process (SQLite).
   */
  liveBus: z.preprocess(
    (value) => {
      const v = blankToUndefined(value);
      return typeof v === 'string' ? v.trim().toLowerCase() : v;
    },
    z
      .enum(['auto', 'memory', 'postgres', 'redis'], {
        errorMap: () => ({ message: 'must be auto, memory, postgres or redis' }),
      })
      .default('auto')
  ),
  /** A JSON rate card replacing the shipped one (pricing/rate-card.ts, docs/pricing.md); read and checked at startup. */
  rateCardFile: z.preprocess(blankToUndefined, z.string().trim().min(1).optional()),
  redisUrl: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .refine((u) => /^rediss?:\/\/\S+$/.test(u), 'must be a redis:// or rediss:// URL')
      .optional()
  ),
});

export type PluginConfig = z.infer<typeof configSchema>;

/**
 * Parses raw config; throws an Error whose message names what to fix for each bad value: the
 * environment variable, or the key in the host's config/plugins when `sources` says the host set
 * it. Messages never contain the value.
 */
export function parseConfig(raw: unknown, sources?: Partial<Record<ConfigKey, ConfigSource>>): PluginConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '') as ConfigKey;
    const name =
      sources?.[key] === 'host'
        ? `whatsapp.config.${key} (in config/plugins)`
        : (ENV_NAMES[key] ?? key);
    return `${name} ${issue.message}`;
  });
  throw new Error(`invalid configuration: ${problems.join('; ')}`);
}
