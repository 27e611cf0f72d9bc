// Shared by config/plugins.ts and scripts/check-plugin-build.js (and copied to dist/config by tsc).
// Strapi's loader skips a local plugin whose `exports['./strapi-server']` file is missing, without a
// word, and the next schema sync drops the plugin's tables. We stop instead.
const fs = require('fs');
const path = require('path');

/** The plugin folder, found from here upwards: this file runs from config/ and from dist/config/. */
function findPluginDir(from = __dirname) {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'plugins', 'whatsapp');
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error('[whatsapp] plugins/whatsapp not found above ' + from);
  }
}

function assertPluginBuilt(pluginDir = findPluginDir()) {
  const serverEntry = path.join(pluginDir, 'dist', 'server', 'index.js');
  if (!fs.existsSync(serverEntry)) {
    throw new Error(
      `[whatsapp] The plugin is not built (${serverEntry} is missing). Run \`npm run build:plugin\` first. ` +
        "Strapi refuses to start without it, because starting without the plugin would drop the plugin's tables."
    );
  }
}

module.exports = { assertPluginBuilt, findPluginDir };
