import type { AutomationEvent } from '../../../shared/contracts/automations';
import { scalarAttributeNames, type ModelLike } from './paths';

/**
 * Which rule events one document-service action can produce
 * (docs/strapi-notes.md#draft-and-publish-actions). On content types with draft & publish, rules
 * watch the published version: saving a draft changes nothing anyone sees, so only publishing
 * (the `publish` action, or create/update with status "published") counts as an update. The
 * content manager's "Publish" click (update + publish) is therefore one transition, not two.
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

const CHANGE_OPERATORS = new Set(['changed', 'changedToAny', 'changedTo', 'changedFromTo']);

/**
 * Whether a rule can match a plain update (no draft & publish) given the fields the update
 * writes, decided before reading anything: a "changes" condition on `orderStatus` cannot match an
 * update that does not write `orderStatus` (nor `supplier.name` one that does not write `supplier`),
 * and an update that writes nothing changes nothing. This keeps the cost of rules near zero for
 * the everyday writes that touch other fields. Publications and draft & publish types carry
 * changes from earlier draft saves, so they are always evaluated.
 */
export function mayMatchUpdate(
  rule: { event: string; condition: { field?: string; operator?: string } | null },
  action: string,
  draftAndPublish: boolean,
  data: unknown
): boolean {
  if (action !== 'update' || draftAndPublish || rule.event !== 'updated') return true;
  if (!data || typeof data !== 'object') return true;
  const written = Object.keys(data as Record<string, unknown>);
  if (!rule.condition || !CHANGE_OPERATORS.has(rule.condition.operator)) return written.length > 0;
  return written.includes(String(rule.condition.field ?? '').split('.')[0]);
}

/**
 * The own fields a plain update (no draft & publish) writes: the only ones that can differ
 * between its before and after. null for other actions, which may carry any change.
 */
export function writtenFields(model: ModelLike, action: string, data: unknown): string[] | null {
  if (action !== 'update' || model.options?.draftAndPublish || !data || typeof data !== 'object') return null;
  const written = new Set(Object.keys(data as Record<string, unknown>));
  return contentFields(model).filter((field) => written.has(field));
}

/**
 * What identifies the version a rule's transition starts from, besides its row id and updatedAt:
 * the value of the field the condition watches. Fixed per rule, so two concurrent evaluations of
 * one transition always build the same key, whatever else their writes contain.
 */
export function fingerprintFields(model: ModelLike, rule: { condition: { field?: string } | null }): string[] {
  const root = rule.condition?.field?.split('.')[0];
  return root && model.attributes[root] && scalarAttributeNames(model).includes(root) ? [root] : [];
}
