/**
 * Every string of the plugin's admin exists in English, Spanish and Basque: each feature's
 * translations/<locale>/<feature>.json has the same keys in every locale, with the same ICU
 * placeholders (a translation that drops `{count}` would print the raw message).
 */
import fs from 'fs';
import path from 'path';

const DIR = path.resolve(__dirname, '../../plugins/whatsapp/admin/src/translations');
const LOCALES = ['en', 'es', 'eu'];

const placeholders = (message: string) =>
  [...message.matchAll(/\{\s*([a-zA-Z0-9_]+)\s*(?:[,}])/g)].map((m) => m[1]).filter((n) => n !== 'count' || true).sort();

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
    for (const locale of ['es', 'eu']) {
      const other = read(locale);
      expect({ locale, keys: Object.keys(other).sort() }).toEqual({ locale, keys: Object.keys(en).sort() });
      for (const [key, message] of Object.entries(en)) {
        expect({ locale, key, placeholders: placeholders(other[key]) }).toEqual({ locale, key, placeholders: placeholders(message) });
        expect(other[key].trim()).not.toBe('');
      }
    }
  });
});
