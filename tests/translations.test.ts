/**
 * Every admin translation file exists in English, Spanish and Basque with the same keys, and
 * no value is empty: a missing key would show the raw id (or the English default) in the panel.
 */
import fs from 'fs';
import path from 'path';

const DIR = path.resolve(__dirname, '..', 'plugins', 'whatsapp', 'admin', 'src', 'translations');
const LOCALES = ['en', 'es', 'eu'];
const files = fs.readdirSync(path.join(DIR, 'en')).filter((f) => f.endsWith('.json'));
const read = (locale: string, file: string): Record<string, string> =>
  JSON.parse(fs.readFileSync(path.join(DIR, locale, file), 'utf8'));

describe('admin translations', () => {
  it.each(files)('%s has the same keys in every locale, none empty', (file) => {
    const keys = Object.keys(read('en', file)).sort();
    expect(keys.length).toBeGreaterThan(0);
    for (const locale of LOCALES) {
      const messages = read(locale, file);
      expect(Object.keys(messages).sort()).toEqual(keys);
      for (const [key, value] of Object.entries(messages)) expect([key, value.trim().length > 0]).toEqual([key, true]);
    }
  });

  it('has no file that exists only in another locale', () => {
    for (const locale of LOCALES) {
      const own = fs.readdirSync(path.join(DIR, locale)).filter((f) => f.endsWith('.json'));
      expect(own.sort()).toEqual([...files].sort());
    }
  });
});
