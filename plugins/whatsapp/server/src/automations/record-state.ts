import type { AutomationEvent } from '../../../shared/contracts/automations';
import { scalarAttributeNames, type ModelLike } from './paths';

/**
 * Which rule events one document-service action can produce (STRAPI_NOTES §3). On content types
 * with draft & publish, rules watch the published version: saving a draft changes nothing anyone
 * sees, so only publishing (the `publish` action, or create/update with status "published")
 * counts as an update. The content manager's "Publish" click (update + publish) is therefore one
 * transition, not two.
 */
export function eventsForAction(action: string, draftAndPublish: boolean, status: unknown): AutomationEvent[] {
  const publishing = draftAndPublish && status === 'published';
  switch (action) {
    case 'create':
    case 'clone':
      return publishing ? ['created', 'published'] : ['created'];
    case 'update':
      if (!draftAndPublish) return ['updated'];
      return publishing ? ['published', 'updated'] : [];
    case 'publish':
      return draftAndPublish ? ['published', 'updated'] : [];
    case 'delete':
      return ['deleted'];
    default:
      return [];
  }
}

/** Bookkeeping columns that change on every write and say nothing about the record's content. */
const BOOKKEEPING = new Set([
  'id',
  'documentId',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'firstPublishedAt',
  'createdBy',
  'updatedBy',
  'locale',
  'localizations',
]);

/** The record's own fields: what a "version" of it is made of. */
export function contentFields(model: ModelLike): string[] {
  return scalarAttributeNames(model).filter((name) => !BOOKKEEPING.has(name));
}

const normal = (value: unknown) => {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'object') return JSON.stringify(value);
  // Decimals come back as numbers or strings depending on the database.
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return value;
};

/** true when some own field differs between two versions. */
export function contentChanged(before: Record<string, unknown>, after: Record<string, unknown>, fields: string[]): boolean {
  return fields.some((field) => field in after && normal(before[field]) !== normal(after[field]));
}
