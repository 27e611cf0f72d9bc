/**
 * The npm package as it would be published: `npm pack --dry-run` in plugins/whatsapp lists the
 * tarball's files (the build must exist: `npm test` builds it first). It must hold the server and
 * admin bundles, the README (with every setting and RBAC action), the LICENSE and the sandbox CLI,
 * and nothing of the sources, tests or local environment; the admin bundle must import React,
 * styled-components, the design system… (declared as peers) rather than carry a copy of them.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import { builtinModules } from 'module';
import path from 'path';
import { ENV_NAMES } from '../plugins/whatsapp/server/src/core/config/schema';
import { ACTIONS } from '../plugins/whatsapp/shared/permissions';

const PLUGIN_DIR = path.resolve(__dirname, '..', 'plugins', 'whatsapp');
const pkg = JSON.parse(fs.readFileSync(path.join(PLUGIN_DIR, 'package.json'), 'utf8'));

/** Packages Strapi's admin owns: one copy in the app, so the plugin may only declare them as peers. */
const ADMIN_SINGLETONS = [
  '@strapi/design-system',
  '@strapi/icons',
  '@strapi/strapi',
  'react',
  'react-dom',
  'react-intl',
  'react-router-dom',
  'styled-components',
];

interface PackedFile {
  path: string;
  size: number;
}

let files: PackedFile[];
let paths: string[];

beforeAll(() => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: PLUGIN_DIR,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [report] = JSON.parse(out);
  files = report.files;
  paths = files.map((file) => file.path);
});

/** The package a bare import specifier names: `react/jsx-runtime` → react, `@strapi/strapi/admin` → @strapi/strapi. */
const packageOf = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

function bareImports(dir: string): Set<string> {
  const found = new Set<string>();
  for (const name of fs.readdirSync(dir)) {
    if (!/\.(m?js)$/.test(name)) continue;
    const code = fs.readFileSync(path.join(dir, name), 'utf8');
    const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\(\s*|\bimport\s+)["']((?:@[a-z0-9._-]+\/)?[a-z0-9][a-z0-9._-]*(?:\/[a-z0-9._\/-]+)?)["']/gi;
    for (const match of code.matchAll(specifier)) {
      if (!builtins.has(match[1])) found.add(packageOf(match[1]));
    }
  }
  return found;
}

function bundleText(dir: string): string {
  return fs
    .readdirSync(dir)
    .filter((name) => /\.(m?js)$/.test(name))
    .map((name) => fs.readFileSync(path.join(dir, name), 'utf8'))
    .join('\n');
}

/** A file of an installed package, looked up from the plugin's folder upwards (as Node does). */
function installed(request: string): string {
  const name = packageOf(request);
  const rest = request.slice(name.length + 1);
  for (let dir = PLUGIN_DIR; ; dir = path.dirname(dir)) {
    const root = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(root, 'package.json'))) {
      if (rest) return path.join(root, rest);
      const main = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).main ?? 'index.js';
      return path.join(root, main);
    }
    if (path.dirname(dir) === dir) throw new Error(`${name} is not installed`);
  }
}

/**
 * Sentences in a package's own build (error and warning messages: a bundler keeps string literals
 * as they are), or any pattern given (the icons' SVG path data). If one shows up in our bundle,
 * the bundle carries a copy of that package.
 */
const SENTENCE = /["'`]([A-Za-z][a-z]+(?: [A-Za-z0-9,.'()`<>:-]+){4,})["'`]/g;

function fingerprints(file: string, pattern = SENTENCE): string[] {
  const code = fs.readFileSync(file, 'utf8');
  return [...new Set([...code.matchAll(pattern)].map((match) => match[1]))].slice(0, 40);
}

describe('the npm package', () => {
  it('holds the bundles, their types, the sandbox CLI, README and LICENSE', () => {
    expect(paths).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'bin/sandbox.js',
        'dist/server/index.js',
        'dist/server/index.mjs',
        'dist/server/src/index.d.ts',
        'dist/admin/index.js',
        'dist/admin/index.mjs',
        'dist/admin/src/index.d.ts',
      ])
    );
    // Every file the package.json points at is in the tarball.
    const targets = [
      ...Object.values(pkg.exports as Record<string, string | Record<string, string>>).flatMap((target) =>
        typeof target === 'string' ? [target] : Object.entries(target).filter(([condition]) => condition !== 'source').map(([, file]) => file)
      ),
      ...Object.values(pkg.bin as Record<string, string>),
    ];
    for (const target of targets) expect(paths).toContain(path.normalize(target));
  });

  it('holds no sources, tests, local environment or dependencies', () => {
    const unwanted = paths.filter(
      (file) =>
        /^(server|admin|shared|sandbox)\//.test(file) ||
        /(^|\/)__tests__\//.test(file) ||
        /\.test\.[jt]sx?$|\.test\.d\.ts$/.test(file) ||
        /(^|\/)\.env/.test(file) ||
        /(^|\/)node_modules\//.test(file) ||
        /tsconfig/.test(file) ||
        /\.tsx?$/.test(file.replace(/\.d\.ts$/, ''))
    );
    expect(unwanted).toEqual([]);
    expect(paths.every((file) => /^(dist|bin)\//.test(file) || ['package.json', 'README.md', 'LICENSE'].includes(file))).toBe(true);
  });

  it('ships a README with real content: install, every setting, every RBAC action', () => {
    const readme = fs.readFileSync(path.join(PLUGIN_DIR, 'README.md'), 'utf8');
    expect(files.find((file) => file.path === 'README.md')!.size).toBeGreaterThan(5000);
    expect(readme).toContain('npm install strapi-plugin-whatsapp');
    expect(readme).toContain('whatsapp: { enabled: true }');
    expect(readme).toContain('## Meta setup');
    expect(readme).toContain('5.54.0');
    // The variables table is the one list of settings: each variable with its config key.
    for (const [key, variable] of Object.entries(ENV_NAMES)) {
      expect(readme).toMatch(new RegExp(`^\\| \`${variable}\` \\| \`${key}\` \\|`, 'm'));
    }
    const tableRows = readme.split('\n').filter((line) => /^\| `(WHATSAPP_[A-Z_]+|ENABLE_WHATSAPP_NOTIFICATIONS|REDIS_URL)` \|/.test(line));
    expect(tableRows).toHaveLength(Object.keys(ENV_NAMES).length);
    for (const action of Object.values(ACTIONS)) expect(readme).toContain(`\`${action}\``);
  });

  it('lists the same variables table in the repository README (configuration, every variable)', () => {
    // Rows of the plugin's table: variable, then its config key (the host app's own variables, such as
    // the demo seed's, live in other tables of the repository README).
    const rows = (text: string) => text.split('\n').filter((line) => /^\| `(WHATSAPP_[A-Z_]+|ENABLE_WHATSAPP_NOTIFICATIONS|REDIS_URL)` \| `[A-Za-z]+` \|/.test(line));
    const packageReadme = fs.readFileSync(path.join(PLUGIN_DIR, 'README.md'), 'utf8');
    const repositoryReadme = fs.readFileSync(path.join(PLUGIN_DIR, '..', '..', 'README.md'), 'utf8');
    expect(rows(repositoryReadme)).toEqual(rows(packageReadme));
  });

  it('is MIT licensed, with the licence text', () => {
    expect(pkg.license).toBe('MIT');
    expect(fs.readFileSync(path.join(PLUGIN_DIR, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
  });

  it('declares what Strapi provides as peers (also kept as dev dependencies for the build)', () => {
    for (const name of ADMIN_SINGLETONS) {
      expect({ name, peer: pkg.peerDependencies[name] }).toEqual({ name, peer: expect.stringMatching(/^\^\d+\.\d+\.\d+$/) });
      expect({ name, dependency: pkg.dependencies[name] }).toEqual({ name, dependency: undefined });
      if (name !== '@strapi/strapi') expect({ name, dev: pkg.devDependencies[name] }).toEqual({ name, dev: expect.any(String) });
    }
    expect(pkg.engines.node).toBeDefined();
    expect(pkg.scripts.prepublishOnly).toMatch(/npm run build/);
  });

  it('declares every package the admin bundle imports, and the admin packages as peers', () => {
    const imports = bareImports(path.join(PLUGIN_DIR, 'dist', 'admin'));
    const declared = { ...pkg.dependencies, ...pkg.peerDependencies };
    expect([...imports].filter((name) => !declared[name])).toEqual([]);
    // The peers the admin needs are the ones it imports (react-dom: Strapi's admin renders with it).
    const adminPeers = ADMIN_SINGLETONS.filter((name) => name !== 'react-dom');
    expect([...imports].filter((name) => ADMIN_SINGLETONS.includes(name)).sort()).toEqual([...adminPeers].sort());
  });

  it('declares every package the server bundle requires', () => {
    const imports = bareImports(path.join(PLUGIN_DIR, 'dist', 'server'));
    // Optional ones (the live bus's Redis client) are loaded only when configured.
    const declared = { ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies };
    expect([...imports].filter((name) => !declared[name])).toEqual([]);
  });

  it('carries no copy of React, styled-components, the design system, icons, router or react-intl', () => {
    const bundle = bundleText(path.join(PLUGIN_DIR, 'dist', 'admin'));
    const copies: Record<string, string[]> = {
      react: ['__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED'],
      'react-router': ['may be used only in the context of a <Router> component'],
      'styled-components': ['data-styled-version'],
      'react-intl': ['[React Intl]'],
      '@strapi/design-system': fingerprints(installed('@strapi/design-system/dist/index.mjs')),
      '@strapi/icons': fingerprints(installed('@strapi/icons/dist/index.mjs'), /\bd: "(M[^"]{40,120})"/g),
      'styled-components (build)': fingerprints(installed('styled-components')),
    };
    // Each fingerprint really belongs to its package (so the check has teeth).
    const sources: Record<string, string> = {
      react: installed('react/cjs/react.production.min.js'),
      'react-router': installed('react-router/dist/index.js'),
      'styled-components': installed('styled-components'),
      'react-intl': installed('react-intl/src/utils.js'),
    };
    for (const [name, file] of Object.entries(sources)) {
      const code = fs.readFileSync(file, 'utf8');
      for (const marker of copies[name]) expect({ name, found: code.includes(marker) }).toEqual({ name, found: true });
    }
    for (const [name, markers] of Object.entries(copies)) {
      expect({ name, markers: markers.length > 0 }).toEqual({ name, markers: true });
      expect({ name, inBundle: markers.filter((marker) => bundle.includes(marker)) }).toEqual({ name, inBundle: [] });
    }
  });
});
