#!/usr/bin/env node
// Refuses to go on when the WhatsApp plugin has not been built. Strapi silently skips a plugin
// whose dist/ is missing and then DROPS its tables (see README, Troubleshooting).
const { assertPluginBuilt } = require('../config/plugin-build-guard');
try {
  assertPluginBuilt();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
