import crypto from 'crypto';
import type { AutomationEvent } from '../../../shared/contracts/automations';
import { comparableValue } from './conditions';

/**
 * "Exactly one send per (rule, document, transition)": the outbox's unique idempotency key is
 * built from the rule, the document and the version of the record the transition started from.
 * Two evaluations of the same transition (a draft and a published write, the content manager's
 * update + publish, two concurrent requests that both read the same "before") build the same key,
 * so the second send returns the first message. A later, genuine transition starts from another
 * version (another row id on publish, another updatedAt or content on update) and gets a new key.
 */

type Row = Record<string, unknown> | null | undefined;

const millis = (value: unknown): string => {
  if (value instanceof Date) return String(value.getTime());
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    const time = Date.parse(value);
    return Number.isNaN(time) ? value : String(time);
  }
  return '';
};

/** A short fingerprint of a version: row id, updatedAt and the values of its own fields. */
export function versionFingerprint(row: Row, fields: string[]): string {
  if (!row) return 'none';
  const hash = crypto.createHash('sha256');
  hash.update(`${String(row.id ?? '')}|${millis(row.updatedAt)}`);
  for (const field of fields) hash.update(`|${field}=${comparableValue(row[field]) ?? ''}`);
  return hash.digest('base64url').slice(0, 16);
}

export interface TransitionKeyInput {
  ruleDocumentId: string;
  documentId: string;
  event: AutomationEvent;
  /** Fingerprint of the version the transition started from (see versionFingerprint). */
  from: string;
  locale?: string | null;
}

/**
 * `auto:<rule>:<document>:<event>:<from>[:<locale>]`. Creation and deletion happen once per
 * document, so their key needs no version.
 */
export function transitionKey({ ruleDocumentId, documentId, event, from, locale }: TransitionKeyInput): string {
  const version = event === 'created' || event === 'deleted' ? 'once' : from;
  return ['auto', ruleDocumentId, documentId, event, version, ...(locale ? [locale] : [])].join(':');
}
