import fs from 'fs';
import path from 'path';

/**
 * The strings a spec expects on screen in another interface language, read from the translation
 * files the admin itself loads, so a spec never hard-codes its own copy of them: the plugin's
 * (`plugins/whatsapp/admin/src/translations/<locale>/*.json`) and Strapi's (admin and content
 * manager).
 */

export type Locale = 'en' | 'es' | 'eu';

const NODE_MODULES = path.resolve(__dirname, '../../node_modules');
const PLUGIN_TRANSLATIONS = path.resolve(__dirname, '../../plugins/whatsapp/admin/src/translations');

function pluginMessages(locale: Locale): Record<string, string> {
  const dir = path.join(PLUGIN_TRANSLATIONS, locale);
  const out: Record<string, string> = {};
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    Object.assign(out, JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
  }
  return out;
}

function strapiMessages(pkg: '@strapi/admin' | '@strapi/content-manager', locale: Locale): Record<string, string> {
  // By path: the packages' `exports` do not expose their translation files.
  const file =
    pkg === '@strapi/admin'
      ? `${pkg}/dist/admin/admin/src/translations/${locale}.json.js`
      : `${pkg}/dist/admin/translations/${locale}.json.js`;
  const loaded = require(path.join(NODE_MODULES, file)); // eslint-disable-line @typescript-eslint/no-var-requires
  return loaded.default ?? loaded;
}

/**
 * Formats the ICU messages the specs need: `{name}` arguments and `{count, plural, =0 {…} one {…}
 * other {…}}` with `#` (English, Spanish and Basque only have "one" and "other").
 */
function fill(message: string, values: Record<string, string | number> = {}): string {
  let out = '';
  for (let i = 0; i < message.length; i += 1) {
    if (message[i] !== '{') {
      out += message[i];
      continue;
    }
    // The argument runs to the matching brace.
    let depth = 0;
    let end = i;
    for (; end < message.length; end += 1) {
      if (message[end] === '{') depth += 1;
      if (message[end] === '}' && --depth === 0) break;
    }
    const inner = message.slice(i + 1, end);
    const plural = /^\s*(\w+)\s*,\s*plural\s*,(.*)$/s.exec(inner);
    if (plural) {
      const count = Number(values[plural[1]]);
      const branches = new Map<string, string>();
      for (const match of plural[2].matchAll(/(=\d+|\w+)\s*\{((?:[^{}]|\{[^{}]*\})*)\}/g)) branches.set(match[1], match[2]);
      const branch = branches.get(`=${count}`) ?? branches.get(count === 1 ? 'one' : 'other') ?? branches.get('other') ?? '';
      out += fill(branch.replace(/#/g, String(count)), values);
    } else {
      const name = inner.trim();
      out += name in values ? String(values[name]) : `{${inner}}`;
    }
    i = end;
  }
  return out;
}

export interface Translator {
  locale: Locale;
  /** A plugin string by its key without the `whatsapp.` prefix, e.g. `inbox.composer.send`. */
  t(key: string, values?: Record<string, string | number>): string;
  /** A Strapi admin string (`global.save`), falling back to English like the admin does. */
  admin(key: string): string;
  /** A content-manager string (`success.record.save`), falling back to English. */
  contentManager(key: string): string;
}

export function translator(locale: Locale): Translator {
  const plugin = pluginMessages(locale);
  const english = locale === 'en' ? plugin : pluginMessages('en');
  const admin = { ...strapiMessages('@strapi/admin', 'en'), ...strapiMessages('@strapi/admin', locale) };
  const cm = { ...strapiMessages('@strapi/content-manager', 'en'), ...strapiMessages('@strapi/content-manager', locale) };
  const need = (table: Record<string, string>, key: string, where: string) => {
    const message = table[key];
    if (message === undefined) throw new Error(`no ${where} translation "${key}" (${locale})`);
    return message;
  };
  return {
    locale,
    t: (key, values) => fill(need(plugin[key] !== undefined ? plugin : english, key, 'plugin'), values),
    admin: (key) => need(admin, key, 'Strapi admin'),
    contentManager: (key) => need(cm, key, 'content-manager'),
  };
}

/** The language's name in the profile's "Interface language" list (Strapi's native names). */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español', eu: 'Euskara' };
