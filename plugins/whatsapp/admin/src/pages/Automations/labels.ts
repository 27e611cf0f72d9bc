import type { AutomationCondition } from '../../../../shared/contracts/automations';

const show = (value: unknown) => (value === null || value === undefined || value === '' ? '∅' : String(value));

/** A compact, language-neutral reading of a condition for lists: `status → approved`. */
export function conditionText(condition: AutomationCondition): string {
  switch (condition.operator) {
    case 'equals':
      return `${condition.field} = ${show(condition.value)}`;
    case 'changed':
      return `${condition.field} Δ`;
    case 'changedToAny':
      return `${condition.field} → *`;
    case 'changedTo':
      return `${condition.field} → ${show(condition.value)}`;
    case 'changedFromTo':
      return `${condition.field}: ${show(condition.from)} → ${show(condition.value)}`;
    default:
      return condition.field;
  }
}
