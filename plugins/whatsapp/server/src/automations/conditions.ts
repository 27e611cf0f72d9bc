import type { AutomationCondition } from '../../../shared/contracts/automations';
import { readPath } from './paths';

/**
 * Conditions compare one field before and after a change. Values are compared as text, so the
 * enumeration `approved`, the number 5 and the boolean true match what an editor types; a related
 * record compares by its documentId; an empty value (null, undefined, '') is "no value".
 */
export function comparableValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.length === 0 ? null : value.map(comparableValue).join(',');
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (record.documentId !== undefined && record.documentId !== null) return String(record.documentId);
    if (record.id !== undefined && record.id !== null) return String(record.id);
    return JSON.stringify(record);
  }
  const text = String(value);
  return text === '' ? null : text;
}

const same = (a: unknown, b: unknown) => comparableValue(a) === comparableValue(b);

export interface ConditionResult {
  matched: boolean;
  /** In words, for the rule log and the dry run: `orderStatus changed from submitted to approved`. */
  explanation: string;
}

const show = (value: unknown) => {
  const text = comparableValue(value);
  return text === null ? 'empty' : JSON.stringify(text);
};

/**
 * Evaluates a condition on the state before and after a change; `before` is null for a new record
 * (every field then counts as changed from empty). Without a condition every change matches.
 */
export function evaluateCondition(
  condition: AutomationCondition | null | undefined,
  before: unknown,
  after: unknown
): ConditionResult {
  if (!condition) return { matched: true, explanation: 'no condition' };
  const { field, operator } = condition;
  const was = before ? readPath(before, field) : undefined;
  const now = after ? readPath(after, field) : undefined;

  switch (operator) {
    case 'equals': {
      const matched = same(now, condition.value);
      return { matched, explanation: `${field} is ${show(now)}${matched ? '' : `, not ${show(condition.value)}`}` };
    }
    case 'changed': {
      const matched = !same(was, now);
      return {
        matched,
        explanation: matched ? `${field} changed from ${show(was)} to ${show(now)}` : `${field} did not change (${show(now)})`,
      };
    }
    case 'changedToAny': {
      const matched = !same(was, now) && comparableValue(now) !== null;
      return {
        matched,
        explanation: matched
          ? `${field} changed from ${show(was)} to ${show(now)}`
          : comparableValue(now) === null
            ? `${field} is empty`
            : `${field} did not change (${show(now)})`,
      };
    }
    case 'changedTo': {
      const matched = !same(was, condition.value) && same(now, condition.value);
      return {
        matched,
        explanation: matched
          ? `${field} changed from ${show(was)} to ${show(now)}`
          : same(now, condition.value)
            ? `${field} was already ${show(now)}`
            : `${field} is ${show(now)}, not ${show(condition.value)}`,
      };
    }
    case 'changedFromTo': {
      const matched = same(was, condition.from) && same(now, condition.value) && !same(was, now);
      return {
        matched,
        explanation: matched
          ? `${field} changed from ${show(was)} to ${show(now)}`
          : `${field} went from ${show(was)} to ${show(now)}, not from ${show(condition.from)} to ${show(condition.value)}`,
      };
    }
    default:
      return { matched: false, explanation: `unknown operator ${String(operator)}` };
  }
}

/** How a condition reads, for lists and the dry run. */
export function describeCondition(condition: AutomationCondition | null | undefined): string {
  if (!condition) return 'always';
  switch (condition.operator) {
    case 'equals':
      return `${condition.field} is ${show(condition.value)}`;
    case 'changed':
      return `${condition.field} changes`;
    case 'changedToAny':
      return `${condition.field} changes to a new value`;
    case 'changedTo':
      return `${condition.field} changes to ${show(condition.value)}`;
    case 'changedFromTo':
      return `${condition.field} changes from ${show(condition.from)} to ${show(condition.value)}`;
    default:
      return String(condition.operator);
  }
}
