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

const config = (): Core.Config.Plugin => ({
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
    // The plugin reads its WHATSAPP_* variables (and ENABLE_WHATSAPP_NOTIFICATIONS) itself. A key
    // set here wins over the environment, e.g. `config: { apiVersion: 'v25.0' }`; keys: the
    // plugin's README (plugins/whatsapp/README.md#configuration).
  },
});

export default config;
