import type { ContentManagerView } from './types';

/**
 * The admin messages that translate curated views into Spanish and Basque. Strapi's content
 * manager labels a list column and an edit field with the message
 * `content-manager.content-types.<uid>.<field>` (falling back to the stored label) and a type in
 * the menu and list title with the message whose id is its `displayName`. English has none on
 * purpose: English shows the stored label, so a label changed in "Configure the view" shows as
 * typed (in es/eu these translations win over it).
 */
export function contentManagerMessages(views: ContentManagerView[], locale: string): Record<string, string> {
  const messages: Record<string, string> = {};
  if (locale !== 'es' && locale !== 'eu') return messages;
  for (const view of views) {
    if (view.displayName) messages[view.displayName.en] = view.displayName[locale];
    for (const [name, field] of Object.entries(view.fields)) messages[`content-manager.content-types.${view.uid}.${name}`] = field.label[locale];
  }
  return messages;
}

/**
 * The label a curated field shows in the Content Manager in a language (for tests and tools that
 * find an input by its label); the attribute name for a field no view names.
 */
export function fieldLabel(views: ContentManagerView[], uid: string, field: string, locale: 'en' | 'es' | 'eu' = 'en'): string {
  return views.find((view) => view.uid === uid)?.fields[field]?.label[locale] ?? field;
}
