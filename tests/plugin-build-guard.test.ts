/**
 * Strapi must refuse to start when the plugin's server build is missing: Strapi would otherwise
 * skip the plugin silently and drop its tables (docs/strapi-notes.md#local-plugins-load-from-their-build).
 * Proven on temporary copies, never by deleting the real plugins/whatsapp/dist.
 */
import { execFileSync, spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';

const ROOT = path.resolve(__dirname, '..');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { assertPluginBuilt } = require('../config/plugin-build-guard');

/** Inside the repo (git-ignored .tmp/) so that copied files still resolve the repo's node_modules. */
function tempApp(): string {
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(ROOT, '.tmp', 'guard-'));
  fs.mkdirSync(path.join(dir, 'plugins', 'whatsapp'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'plugins/whatsapp/package.json'), path.join(dir, 'plugins/whatsapp/package.json'));
  return dir;
}

function buildPlugin(dir: string) {
  const entry = path.join(dir, 'plugins/whatsapp/dist/server/index.js');
  fs.mkdirSync(path.dirname(entry), { recursive: true });
  fs.writeFileSync(entry, 'module.exports = {};\n');
}

const NOT_BUILT = /The plugin is not built \(.*dist\/server\/index\.js is missing\)\. Run `npm run build:plugin` first\./;

describe('plugin build guard', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const dir = tempApp();
    dirs.push(dir);
    return dir;
  };

  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('assertPluginBuilt throws a clear message when dist/server/index.js is missing, and passes once it exists', () => {
    const dir = fresh();
    const pluginDir = path.join(dir, 'plugins', 'whatsapp');
    expect(() => assertPluginBuilt(pluginDir)).toThrow(NOT_BUILT);
    expect(() => assertPluginBuilt(pluginDir)).toThrow(/would drop the plugin's tables/);
    buildPlugin(dir);
    expect(() => assertPluginBuilt(pluginDir)).not.toThrow();
  });

  it('scripts/check-plugin-build.js (npm prestart) exits 1 with the message, and 0 once built', () => {
    const dir = fresh();
    fs.mkdirSync(path.join(dir, 'scripts'));
    fs.mkdirSync(path.join(dir, 'config'));
    fs.copyFileSync(path.join(ROOT, 'scripts/check-plugin-build.js'), path.join(dir, 'scripts/check-plugin-build.js'));
    fs.copyFileSync(path.join(ROOT, 'config/plugin-build-guard.js'), path.join(dir, 'config/plugin-build-guard.js'));

    const missing = spawnSync(process.execPath, ['scripts/check-plugin-build.js'], { cwd: dir, encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(NOT_BUILT);
    expect(missing.stderr).toContain(path.join(dir, 'plugins/whatsapp/dist/server/index.js'));

    buildPlugin(dir);
    expect(() => execFileSync(process.execPath, ['scripts/check-plugin-build.js'], { cwd: dir })).not.toThrow();
  });

  it("Strapi itself refuses to load the app's config without the plugin build", () => {
    // The compiled config Strapi loads at startup (dist/config, written by the jest global setup
    // exactly as `strapi build` writes it), in an app whose plugin has no dist.
    const dir = fresh();
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
    fs.cpSync(path.join(ROOT, 'dist', 'config'), path.join(dir, 'dist', 'config'), { recursive: true });
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { createStrapi } = require('@strapi/strapi');

    expect(() => createStrapi({ appDir: dir, distDir: path.join(dir, 'dist'), autoReload: false, serveAdminPanel: false })).toThrow(
      NOT_BUILT
    );
  });
});
