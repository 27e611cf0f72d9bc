import {
  automationInputSchema,
  conditionSchema,
  parameterMappingSchema,
  type AutomationCondition,
  type AutomationEvent,
  type ParameterMapping,
  type ParsedAutomationInput,
  type RuleProblem,
} from '../../../shared/contracts/automations';
import { UID } from '../../../shared/uids';
import { isWatchable } from './content-types';
import { checkMapping, templateSlots, type TemplateLike } from './mapping';
import { describePath, type ModelLike, type ModelLookup } from './paths';

/** Fields of a related record that hold its phone number, in the order they are tried. */
export const PHONE_FIELDS = ['phone', 'phoneNumber', 'mobile', 'whatsapp'];

/** A rule as the trigger uses it: parsed once when the cache loads, not on every write. */
export interface CompiledRule {
  id: number;
  documentId: string;
  name: string;
  contentType: string;
  event: AutomationEvent;
  condition: AutomationCondition | null;
  recipientPath: string;
  tenantPath: string | null;
  tenant: { documentId: string; defaultLanguage: string | null } | null;
  templateName: string;
  language: string;
  parameterMapping: ParameterMapping;
  /** Set when the stored rule cannot be read (edited by hand); the rule then only logs this error. */
  brokenReason: string | null;
}

const parseJson = (value: unknown) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

export function compileRule(row: Record<string, any>): CompiledRule {
  const problems: string[] = [];
  const rawCondition = parseJson(row.condition);
  let condition: AutomationCondition | null = null;
  if (rawCondition !== null && rawCondition !== undefined && !(typeof rawCondition === 'object' && Object.keys(rawCondition).length === 0)) {
    const parsed = conditionSchema.safeParse(rawCondition);
    if (parsed.success) condition = parsed.data;
    else problems.push(`condition: ${parsed.error.issues[0]?.message}`);
  }
  const rawMapping = parseJson(row.parameterMapping) ?? {};
  const mapping = parameterMappingSchema.safeParse(rawMapping);
  if (!mapping.success) problems.push(`parameterMapping: ${mapping.error.issues[0]?.path.join('.')} ${mapping.error.issues[0]?.message}`);
  return {
    id: row.id,
    documentId: row.documentId,
    name: row.name,
    contentType: row.contentType,
    event: row.event,
    condition,
    recipientPath: row.recipientPath,
    tenantPath: row.tenantPath || null,
    tenant: row.tenant?.documentId ? { documentId: row.tenant.documentId, defaultLanguage: row.tenant.defaultLanguage ?? null } : null,
    templateName: row.templateName,
    language: row.language || 'en',
    parameterMapping: mapping.success ? mapping.data : {},
    brokenReason: problems.length > 0 ? problems.join('; ') : null,
  };
}

/** Every field path a rule reads, for the populate of the record it evaluates. */
export function rulePaths(rule: Pick<CompiledRule, 'condition' | 'recipientPath' | 'tenantPath' | 'parameterMapping'>, lookup: ModelLookup, uid: string): string[] {
  const paths = new Set<string>();
  if (rule.condition) paths.add(rule.condition.field);
  paths.add(rule.recipientPath);
  const recipient = describePath(lookup, uid, rule.recipientPath);
  if (recipient.ok && recipient.type === 'relation') {
    if (recipient.targetUid === UID.customer) paths.add(`${rule.recipientPath}.tenant.defaultLanguage`);
  }
  if (rule.tenantPath) paths.add(`${rule.tenantPath}.defaultLanguage`);
  for (const source of Object.values(rule.parameterMapping)) {
    if (source.source !== 'field') continue;
    paths.add(source.path);
    if (source.currencyPath) paths.add(source.currencyPath);
  }
  return [...paths];
}

export interface RuleCheck {
  errors: RuleProblem[];
  warnings: RuleProblem[];
}

const STRINGISH = new Set(['string', 'text', 'email', 'uid', 'biginteger', 'enumeration']);

/**
 * Checks a rule against the watched content type and its template. Errors block saving; warnings
 * (template not approved yet, not synced) do not, because the template may be approved later.
 */
export function checkRule(
  rule: ParsedAutomationInput,
  lookup: ModelLookup,
  template: TemplateLike | null
): RuleCheck {
  const errors: RuleProblem[] = [];
  const warnings: RuleProblem[] = [];
  const model = lookup(rule.contentType) as (ModelLike & { kind?: string }) | undefined;
  if (!model) return { errors: [{ field: 'contentType', message: `${rule.contentType} is not a content type of this Strapi` }], warnings };
  if (!isWatchable(model)) {
    return { errors: [{ field: 'contentType', message: `${rule.contentType} cannot be watched: choose one of your collection types (api::…), customers, or a plugin's type shown in the Content Manager` }], warnings };
  }
  const draftAndPublish = Boolean(model.options?.draftAndPublish);
  if (rule.event === 'published' && !draftAndPublish) {
    errors.push({ field: 'event', message: `${model.info?.displayName ?? rule.contentType} has no draft & publish: use created or updated` });
  }

  if (rule.condition) {
    const path = describePath(lookup, rule.contentType, rule.condition.field);
    if (!path.ok) errors.push({ field: 'condition.field', message: path.error });
    else if (path.type === 'component' || path.type === 'media') {
      errors.push({ field: 'condition.field', message: `${rule.condition.field} is a ${path.type}; compare a field inside it` });
    } else if (path.attribute.enum && rule.condition.value !== undefined && rule.condition.value !== null) {
      for (const [key, value] of [['value', rule.condition.value], ['from', rule.condition.from]] as const) {
        if (value !== undefined && value !== null && !path.attribute.enum.includes(String(value))) {
          errors.push({ field: `condition.${key}`, message: `${String(value)} is not one of ${path.attribute.enum.join(', ')}` });
        }
      }
    }
    if (rule.event === 'deleted' && rule.condition.operator !== 'equals') {
      errors.push({ field: 'condition.operator', message: 'a deleted record does not change any more: use equals' });
    }
  }

  const recipient = describePath(lookup, rule.contentType, rule.recipientPath);
  if (!recipient.ok) errors.push({ field: 'recipientPath', message: recipient.error });
  else if (recipient.type === 'relation') {
    const target = recipient.targetUid ? lookup(recipient.targetUid) : undefined;
    if (recipient.targetUid !== UID.customer && !PHONE_FIELDS.some((field) => target?.attributes[field])) {
      errors.push({ field: 'recipientPath', message: `${rule.recipientPath} links to a record without a phone field: point at its phone, e.g. ${rule.recipientPath}.phone` });
    }
  } else if (!STRINGISH.has(recipient.type)) {
    errors.push({ field: 'recipientPath', message: `${rule.recipientPath} is a ${recipient.type}; it must hold a phone number or link to a customer` });
  }

  if (rule.tenantPath) {
    const tenant = describePath(lookup, rule.contentType, rule.tenantPath);
    if (!tenant.ok) errors.push({ field: 'tenantPath', message: tenant.error });
    else if (!(tenant.type === 'relation' && tenant.targetUid === UID.tenant) && !STRINGISH.has(tenant.type)) {
      errors.push({ field: 'tenantPath', message: `${rule.tenantPath} must link to a WhatsApp tenant` });
    }
  }

  for (const [slot, source] of Object.entries(rule.parameterMapping)) {
    if (source.source !== 'field') continue;
    const path = describePath(lookup, rule.contentType, source.path);
    if (!path.ok) errors.push({ field: `parameterMapping.${slot}`, message: path.error });
    else if (path.type === 'component' || (path.type === 'media' && slot !== 'header.media')) {
      errors.push({ field: `parameterMapping.${slot}`, message: `${source.path} is a ${path.type}; pick a field inside it` });
    }
    if (source.format === 'currency' && !source.currency && !source.currencyPath) {
      errors.push({ field: `parameterMapping.${slot}`, message: 'a currency amount needs a currency code or a field holding it' });
    }
    if (source.currencyPath) {
      const currency = describePath(lookup, rule.contentType, source.currencyPath);
      if (!currency.ok) errors.push({ field: `parameterMapping.${slot}.currencyPath`, message: currency.error });
    }
  }

  const label = `${rule.templateName} (${rule.language})`;
  if (!template) {
    warnings.push({ field: 'templateName', message: `template ${label} is not in Strapi yet (sync or create it); its variables could not be checked` });
  } else {
    for (const problem of checkMapping(templateSlots(template).slots, rule.parameterMapping, label)) {
      errors.push({ field: `parameterMapping.${problem.slot}`, message: problem.message });
    }
    if (template.reviewStatus !== 'APPROVED') {
      warnings.push({ field: 'templateName', message: `template ${label} is ${template.reviewStatus ?? 'not approved'}: sends fail until Meta approves it` });
    }
  }
  return { errors, warnings };
}

export { automationInputSchema };
