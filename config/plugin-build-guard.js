// Shared by config/plugins.ts and scripts/check-plugin-build.js.
// Strapi's loader skips a local plugin whose `exports['./strapi-server']` file is missing, without a
// word, and the next schema sync drops the plugin's tables. We stop instead.
const fs = require('fs');
const path = require('path');

const PLUGIN_DIR = path.join(__dirname, '..', 'plugins', 'whatsapp');
const SERVER_ENTRY = path.join(PLUGIN_DIR, 'dist', 'server', 'index.js');

function assertPluginBuilt() {
  if (!fs.existsSync(SERVER_ENTRY)) {
    throw new Error(
      `[whatsapp] The plugin is not built (${path.relative(process.cwd(), SERVER_ENTRY)} is missing). ` +
        'Run `npm run build:plugin` first. Strapi refuses to start without it, because starting ' +
        "without the plugin would drop the plugin's tables."
    );
  }
}

module.exports = { assertPluginBuilt, PLUGIN_DIR };
