import type { Core } from '@strapi/strapi';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { assertPluginBuilt } = require('./plugin-build-guard');

// Stop here, loudly, rather than let Strapi start without the plugin and drop its tables.
assertPluginBuilt();

const allowedMediaTypes = [
  'image/*',
  'video/*',
  'audio/*',
  'application/pdf',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.*',
  'text/plain',
  'text/csv',
];

const deniedTypes = [
  'image/svg+xml',
  'application/vnd.microsoft.portable-executable',
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/x-executable',
  'application/x-dosexec',
  'application/x-sh',
  'text/x-shellscript',
  'application/x-mach-binary',
];

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  'users-permissions': {
    config: {
      jwtManagement: 'refresh',
      sessions: { httpOnly: true },
    },
  },
  upload: {
    config: {
      security: { allowedTypes: allowedMediaTypes, deniedTypes },
    },
  },
  whatsapp: {
    enabled: true,
    resolve: './plugins/whatsapp',
    // Raw strings on purpose: the plugin validates and parses them, and names the variable on error.
    config: {
      accessToken: env('WHATSAPP_ACCESS_TOKEN'),
      phoneNumberId: env('WHATSAPP_PHONE_NUMBER_ID'),
      businessAccountId: env('WHATSAPP_BUSINESS_ACCOUNT_ID'),
      apiVersion: env('WHATSAPP_API_VERSION'),
      appSecret: env('WHATSAPP_APP_SECRET'),
      webhookVerifyToken: env('WHATSAPP_WEBHOOK_VERIFY_TOKEN'),
      notificationsEnabled: env('ENABLE_WHATSAPP_NOTIFICATIONS'),
      graphApiUrl: env('WHATSAPP_GRAPH_API_URL'),
      encryptionKey: env('WHATSAPP_ENCRYPTION_KEY'),
      offlineMode: env('WHATSAPP_OFFLINE_MODE'),
      autoCreateCustomers: env('WHATSAPP_AUTO_CREATE_CUSTOMERS'),
      optOutKeywords: env('WHATSAPP_OPT_OUT_KEYWORDS'),
      webhookRetentionDays: env('WHATSAPP_WEBHOOK_RETENTION_DAYS'),
      sendReadReceipts: env('WHATSAPP_SEND_READ_RECEIPTS'),
      outboxMaxAttempts: env('WHATSAPP_OUTBOX_MAX_ATTEMPTS'),
      outboxEnabled: env('WHATSAPP_OUTBOX_ENABLED'),
      outboxPollIntervalMs: env('WHATSAPP_OUTBOX_POLL_MS'),
      defaultThroughput: env('WHATSAPP_DEFAULT_THROUGHPUT'),
      requestTimeoutMs: env('WHATSAPP_REQUEST_TIMEOUT_MS'),
      sandboxApproveDelayMs: env('WHATSAPP_SANDBOX_APPROVE_DELAY_MS'),
      publicUrl: env('WHATSAPP_PUBLIC_URL'),
      syncCron: env('WHATSAPP_SYNC_CRON'),
      templateSyncCron: env('WHATSAPP_TEMPLATE_SYNC_CRON'),
    },
  },
});

export default config;
