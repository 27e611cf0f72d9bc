import { childPath, replaceNul } from './storable-text';
import type { WebhookPayload } from './webhook-types';

/**
 * Checks a webhook payload against the shapes Meta documents (docs/whatsapp-cloud-api.md#webhook-payloads)
 * before anything is applied, so that a malformed part costs only itself: every entry, change,
 * value, contact, message, status or error that is not the documented shape is dropped with a
 * note naming its path and why, and the valid rest is applied. Without this, one `null` among an
 * event's messages threw a TypeError, failed the whole event and had it retried ten times.
 *
 * Also replaces U+0000 in every string (inbound/storable-text.ts), noting each path.
 *
 * Only what the plugin reads is checked, and only as far as a wrong type would break or corrupt
 * what is written (an id that is not a string, a list that is not a list). Fields Meta may add
 * later, and type-specific message content (read defensively by inbound-mapper.ts), pass as they
 * are. Pure, so every rule is unit-tested without Strapi.
 */

export interface PayloadNote {
  /** Where in the payload, e.g. `entry[0].changes[0].value.messages[1]`. */
  path: string;
  reason: string;
}

export interface CheckedPayload {
  payload: WebhookPayload;
  notes: PayloadNote[];
}

/** Notes kept on one event; a flood of broken parts is summarised by one last note. */
export const MAX_NOTES = 50;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
/** Meta sends ids and timestamps as strings; numbers are accepted and read as their digits. */
const isId = (value: unknown) => isText(value) || (typeof value === 'number' && Number.isFinite(value));

/** The first broken rule of an element, or undefined when it has the documented shape. */
type Rule = (element: Json) => string | undefined;

const optional = (field: string, test: (value: unknown) => boolean, expected: string): Rule => (element) =>
  element[field] === undefined || element[field] === null || test(element[field]) ? undefined : `${field} is not ${expected}`;

const required = (field: string, test: (value: unknown) => boolean, expected: string): Rule => (element) =>
  test(element[field]) ? undefined : element[field] === undefined ? `${field} is missing` : `${field} is not ${expected}`;

const STRING = (value: unknown) => typeof value === 'string';
const LIST = Array.isArray;

const CONTACT_RULES: Rule[] = [
  optional('wa_id', STRING, 'a string'),
  optional('user_id', STRING, 'a string'),
  optional('profile', isObject, 'an object'),
  (contact) => (isObject(contact.profile) && contact.profile.name != null && typeof contact.profile.name !== 'string' ? 'profile.name is not a string' : undefined),
];

const ERROR_RULES: Rule[] = [];

const MESSAGE_RULES: Rule[] = [
  required('id', isText, 'a non-empty string'),
  optional('from', STRING, 'a string'),
  optional('from_user_id', STRING, 'a string'),
  optional('timestamp', isId, 'a timestamp'),
  optional('type', STRING, 'a string'),
  optional('context', isObject, 'an object'),
  optional('errors', LIST, 'a list'),
];

const STATUS_RULES: Rule[] = [
  required('id', isText, 'a non-empty string'),
  required('status', isText, 'a non-empty string'),
  optional('timestamp', isId, 'a timestamp'),
  optional('recipient_id', STRING, 'a string'),
  optional('errors', LIST, 'a list'),
  optional('pricing', isObject, 'an object'),
  optional('conversation', isObject, 'an object'),
];

const PREFERENCE_RULES: Rule[] = [optional('wa_id', STRING, 'a string'), optional('user_id', STRING, 'a string')];

export function checkPayload(input: unknown): CheckedPayload {
  const notes: PayloadNote[] = [];
  let dropped = 0;
  const note = (path: string, reason: string) => {
    if (notes.length < MAX_NOTES) notes.push({ path, reason });
    else dropped += 1;
  };

  const replaced = replaceNul(input, (path) => note(path || '(body)', 'U+0000 replaced by U+FFFD (PostgreSQL cannot store it)'));
  if (!isObject(replaced)) {
    note('(body)', 'not a JSON object: nothing applied');
    return finish({}, notes, dropped);
  }

  /**
   * The elements of a list that pass their rules (copies, with their path in the payload as
   * received); the others are noted and dropped.
   */
  const checked = (list: unknown, path: string, rules: Rule[], what: string): { item: Json; at: string }[] => {
    if (!Array.isArray(list)) {
      note(path, `not a list: its ${what} are skipped`);
      return [];
    }
    const kept: { item: Json; at: string }[] = [];
    list.forEach((element, i) => {
      const at = childPath(path, i);
      if (!isObject(element)) return note(at, `not an object (${describe(element)}): skipped`);
      for (const rule of rules) {
        const broken = rule(element);
        if (broken) return note(at, `${broken}: skipped`);
      }
      kept.push({ item: { ...element }, at });
    });
    return kept;
  };
  const elements = (list: unknown, path: string, rules: Rule[], what: string): Json[] => checked(list, path, rules, what).map(({ item }) => item);

  /**
   * An optional list inside a value: kept only when present, checked element by element; `each`
   * then checks inside every kept element (at its path as received).
   */
  const optionalList = (value: Json, key: string, path: string, rules: Rule[], what: string, each?: (item: Json, at: string) => void) => {
    if (value[key] === undefined || value[key] === null) {
      delete value[key];
      return;
    }
    value[key] = checked(value[key], childPath(path, key), rules, what).map(({ item, at }) => {
      each?.(item, at);
      return item;
    });
  };
  /** Errors inside a message or a status. */
  const innerErrors = (item: Json, at: string) => {
    if (Array.isArray(item.errors)) item.errors = elements(item.errors, childPath(at, 'errors'), ERROR_RULES, 'errors');
  };

  const payload: Json = { ...replaced };
  if (payload.entry !== undefined) {
    payload.entry = checked(payload.entry, 'entry', [], 'entries').map(({ item: entry, at: entryPath }) => {
      const copy: Json = { ...entry };
      if (copy.id !== undefined && copy.id !== null && !isId(copy.id)) {
        note(childPath(entryPath, 'id'), 'not an id: the account it names is not looked up');
        delete copy.id;
      }
      copy.changes = checked(copy.changes, childPath(entryPath, 'changes'), [required('field', isText, 'a non-empty string'), required('value', isObject, 'an object')], 'changes')
        .map(({ item: change, at: changePath }): Json | undefined => {
          const value: Json = { ...(change.value as Json) };
          const valuePath = childPath(changePath, 'value');
          if (change.field === 'messages' || change.field === 'user_preferences') {
            if (!isObject(value.metadata) || !isId(value.metadata.phone_number_id)) {
              note(childPath(childPath(valuePath, 'metadata'), 'phone_number_id'), 'missing or not an id: the change is skipped (no number to route it to)');
              return undefined;
            }
          }
          if (change.field === 'messages') {
            optionalList(value, 'contacts', valuePath, CONTACT_RULES, 'contacts');
            optionalList(value, 'messages', valuePath, MESSAGE_RULES, 'messages', innerErrors);
            optionalList(value, 'statuses', valuePath, STATUS_RULES, 'statuses', innerErrors);
            optionalList(value, 'errors', valuePath, ERROR_RULES, 'errors');
          } else if (change.field === 'user_preferences') {
            optionalList(value, 'contacts', valuePath, CONTACT_RULES, 'contacts');
            optionalList(value, 'user_preferences', valuePath, PREFERENCE_RULES, 'preferences');
          }
          return { ...change, value } as Json;
        })
        .filter((change): change is Json => change !== undefined);
      return copy;
    });
  }
  return finish(payload, notes, dropped);
}

function finish(payload: Json, notes: PayloadNote[], dropped: number): CheckedPayload {
  if (dropped > 0) notes.push({ path: '(body)', reason: `${dropped} more note(s) not kept` });
  return { payload: payload as WebhookPayload, notes };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}
