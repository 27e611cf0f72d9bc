import { getTranslation } from '../utils/getTranslation';

/**
 * Translations live in one file per feature and locale (`translations/<locale>/<feature>.json`),
 * so features never edit the same file. Keys are flat (`pages.Inbox.title`) and prefixed here
 * with the plugin id, once.
 */
const files = import.meta.glob<{ default: Record<string, string> }>('./*/*.json');

export async function loadTranslations(locale: string): Promise<Record<string, string>> {
  const prefix = `./${locale}/`;
  const loaded = await Promise.all(
    Object.entries(files)
      .filter(([path]) => path.startsWith(prefix))
      .map(([, load]) => load())
  );
  const data: Record<string, string> = {};
  for (const { default: messages } of loaded) {
    for (const [key, value] of Object.entries(messages)) data[getTranslation(key)] = value;
  }
  return data;
}
