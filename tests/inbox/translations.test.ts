/**
 * Every string of the plugin's admin exists in English, Spanish and Basque: each feature's
 * translations/<locale>/<feature>.json has the same keys in every locale, with the same ICU
 * placeholders (a translation that drops `{count}` would print the raw message).
 */
import fs from 'fs';
import path from 'path';
import { IntlMessageFormat } from 'intl-messageformat';

const DIR = path.resolve(__dirname, '../../plugins/whatsapp/admin/src/translations');
const LOCALES = ['en', 'es', 'eu'];

/**
 * Template lint messages are not ICU: they hold literal `{{1}}` and are filled by the templates
 * feature's own formatter (`{{{variable}}}` = the variable's name in braces). Everything else is
 * ICU MessageFormat, as react-intl reads it.
 */
const isRawLintMessage = (key: string) => key.startsWith('templates.lint.');

const placeholders = (key: string, message: string) =>
  isRawLintMessage(key)
    ? [...message.matchAll(/\{\{\{([a-zA-Z0-9_]+)\}\}\}/g)].map((m) => m[1]).sort()
    : [...new Set([...message.matchAll(/\{\s*([a-zA-Z0-9_]+)\s*(?:[,}])/g)].map((m) => m[1]))].sort();

function parses(message: string): boolean {
  try {
    new IntlMessageFormat(message, 'en');
    return true;
  } catch {
    return false;
  }
}

describe('admin translations', () => {
  const features = fs.readdirSync(path.join(DIR, 'en')).filter((f) => f.endsWith('.json'));

  it('exist for every feature in every locale', () => {
    expect(features).toContain('inbox.json');
    for (const locale of LOCALES) {
      expect(fs.readdirSync(path.join(DIR, locale)).filter((f) => f.endsWith('.json')).sort()).toEqual([...features].sort());
    }
  });

  it.each(features)('%s: same keys and placeholders in es and eu as in en', (feature) => {
    const read = (locale: string) => JSON.parse(fs.readFileSync(path.join(DIR, locale, feature), 'utf8')) as Record<string, string>;
    const en = read('en');
    for (const [key, message] of Object.entries(en)) {
      if (!isRawLintMessage(key)) expect({ key, parses: parses(message) }).toEqual({ key, parses: true });
    }
    for (const locale of ['es', 'eu']) {
      const other = read(locale);
      expect({ locale, keys: Object.keys(other).sort() }).toEqual({ locale, keys: Object.keys(en).sort() });
      for (const [key, message] of Object.entries(en)) {
        expect({ locale, key, placeholders: placeholders(key, other[key]) }).toEqual({ locale, key, placeholders: placeholders(key, message) });
        expect(other[key].trim()).not.toBe('');
        if (!isRawLintMessage(key)) expect({ locale, key, parses: parses(other[key]) }).toEqual({ locale, key, parses: true });
      }
    }
  });
});
