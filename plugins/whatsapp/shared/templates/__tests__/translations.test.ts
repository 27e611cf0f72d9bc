import en from '../../../admin/src/translations/en/templates.json';
import es from '../../../admin/src/translations/es/templates.json';
import eu from '../../../admin/src/translations/eu/templates.json';
import { MESSAGES } from '../lint';

/** Every lint rule is translated, every locale has the same keys and keeps each placeholder. */
/** `{x}` and `{{{x}}}` are filled in; `{{1}}` / `{{first_name}}` are literal examples a translator may adapt. */
const placeholders = (text: string) => {
  const filled = [...text.matchAll(/\{\{\{(\w+)\}\}\}/g)].map((m) => m[1]);
  const rest = text.replace(/\{\{\{?\w*\}?\}\}/g, '');
  return [...filled, ...[...rest.matchAll(/\{(\w+)\}/g)].map((m) => m[1])].sort();
};

describe('template translations', () => {
  it('have an English lint message equal to the shared one for every rule', () => {
    for (const [rule, message] of Object.entries(MESSAGES)) {
      expect((en as Record<string, string>)[`templates.lint.${rule}`]).toBe(message);
    }
  });

  it.each([['es', es], ['eu', eu]])('%s has every key with the same placeholders', (_, locale) => {
    const translated = locale as Record<string, string>;
    expect(Object.keys(translated).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en as Record<string, string>)) {
      expect([key, placeholders(translated[key])]).toEqual([key, placeholders(text)]);
    }
  });
});
