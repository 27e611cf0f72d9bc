import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  automationInputSchema,
  dryRunSchema,
  type AutomationActivity,
  type AutomationDto,
  type AutomationTemplateDto,
  type ContentTypeDescription,
  type DryRunAutomation,
  type ParsedAutomationInput,
  type RuleProblem,
} from '../../../shared/contracts/automations';
import { describeCondition, evaluateCondition } from './conditions';
import { describeModel, isWatchable } from './content-types';
import { templateComponents, templateSlots } from './mapping';
import { populateFor, readPath, type ModelLike, type ModelLookup } from './paths';
import { findTemplate, prepareSend } from './prepare-send';
import { checkRule, compileRule, rulePaths } from './rules';
import { UID } from '../../../shared/uids';
import { getService } from '../core/get-service';
import { validate } from '../core/validate';

/**
 * What the admin editor needs: rules (list, read, save with checks, delete), the content types
 * rules can watch, a rule's activity and the dry run.
 */

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : null);

function toDto(row: Record<string, any>): AutomationDto {
  const rule = compileRule(row);
  return {
    documentId: row.documentId,
    name: row.name,
    enabled: row.enabled !== false,
    contentType: row.contentType,
    event: row.event,
    condition: rule.condition,
    recipientPath: row.recipientPath,
    tenantPath: row.tenantPath ?? null,
    tenant: row.tenant ? { documentId: row.tenant.documentId, name: row.tenant.name } : null,
    templateName: row.templateName,
    language: row.language ?? 'en',
    parameterMapping: rule.parameterMapping,
    sentCount: row.sentCount ?? 0,
    failedCount: row.failedCount ?? 0,
    lastRunAt: iso(row.lastRunAt),
    lastError: row.lastError ?? null,
    recentRuns: Array.isArray(row.recentRuns) ? row.recentRuns : [],
    templateCategoryChange: row.templateCategoryChange && typeof row.templateCategoryChange === 'object' ? row.templateCategoryChange : null,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

function rejectProblems(problems: RuleProblem[]) {
  const first = problems[0];
  throw new errors.ValidationError(
    problems.length > 1 ? `${first.field}: ${first.message} (and ${problems.length - 1} more)` : `${first.field}: ${first.message}`,
    { errors: problems.map((problem) => ({ path: problem.field.split('.'), message: problem.message, name: 'ValidationError' })) }
  );
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const lookup: ModelLookup = (uid) => (strapi.getModel as (uid: string) => ModelLike | undefined)(uid);
  const populate = { tenant: { select: ['documentId', 'name', 'defaultLanguage'] } };

  async function findRow(documentId: string) {
    const row = await strapi.db.query(UID.automation).findOne({ where: { documentId }, populate });
    if (!row) throw new errors.NotFoundError(`No automation with documentId ${documentId}`);
    return row;
  }

  /** Checks a rule; returns warnings, throws a ValidationError listing every blocking problem. */
  async function check(input: ParsedAutomationInput) {
    const template = await findTemplate(strapi, input.templateName, input.language);
    const { errors: problems, warnings } = checkRule(input, lookup, template);
    if (input.tenant) {
      const tenant = await strapi.db.query(UID.tenant).findOne({ where: { documentId: input.tenant } });
      if (!tenant) problems.push({ field: 'tenant', message: `no tenant with documentId ${input.tenant}` });
    }
    if (problems.length > 0) rejectProblems(problems);
    return { template, warnings };
  }

  function toData(input: ParsedAutomationInput, template: { documentId: string } | null) {
    return {
      name: input.name,
      enabled: input.enabled,
      contentType: input.contentType,
      event: input.event,
      condition: input.condition ?? null,
      recipientPath: input.recipientPath,
      tenantPath: input.tenantPath ?? null,
      templateName: input.templateName,
      language: input.language,
      parameterMapping: input.parameterMapping,
      tenant: input.tenant ?? null,
      template: template?.documentId ?? null,
    };
  }

  return {
    async list(): Promise<AutomationDto[]> {
      const rows = await strapi.db.query(UID.automation).findMany({ populate, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
      return rows.map(toDto);
    },

    async get(documentId: string): Promise<AutomationDto> {
      return toDto(await findRow(documentId));
    },

    /** Writes go through the document service, so the trigger middleware refreshes the rule cache. */
    async create(raw: unknown) {
      const input = validate(automationInputSchema, raw ?? {}, 'Invalid automation');
      const { template, warnings } = await check(input);
      const created = await strapi.documents(UID.automation).create({ data: toData(input, template) as any });
      return { data: toDto(await findRow(created.documentId)), warnings };
    },

    async update(documentId: string, raw: unknown) {
      await findRow(documentId);
      const input = validate(automationInputSchema, raw ?? {}, 'Invalid automation');
      const { template, warnings } = await check(input);
      // Saving the rule is reviewing it: a "template recategorised" flag is cleared.
      await strapi.documents(UID.automation).update({ documentId, data: { ...toData(input, template), templateCategoryChange: null } as any });
      return { data: toDto(await findRow(documentId)), warnings };
    },

    async remove(documentId: string) {
      await findRow(documentId);
      await strapi.documents(UID.automation).delete({ documentId });
    },

    contentTypes(): ContentTypeDescription[] {
      return Object.values(strapi.contentTypes as unknown as Record<string, ModelLike & { kind?: string }>)
        .filter(isWatchable)
        .map((model) => describeModel(model, lookup))
        .sort((a, b) => a.displayName.localeCompare(b.displayName));
    },

    /** Every template with the variables to map; approved ones first (the others cannot send yet). */
    async templates(): Promise<AutomationTemplateDto[]> {
      const rows = await strapi.db.query(UID.template).findMany({ where: { deletedAtMeta: { $ne: true } }, orderBy: [{ name: 'asc' }, { language: 'asc' }] });
      return rows
        .map((row: any) => ({
          documentId: row.documentId,
          name: row.name,
          language: row.language,
          status: row.reviewStatus,
          category: row.category ?? null,
          components: templateComponents(row),
          slots: templateSlots(row).slots.map(({ key, component, name, kind }) => ({ key, component, name, kind })),
        }))
        .sort((a: AutomationTemplateDto, b: AutomationTemplateDto) => Number(b.status === 'APPROVED') - Number(a.status === 'APPROVED'));
    },

    async activity(documentId: string): Promise<AutomationActivity.Response['data']> {
      const row = await findRow(documentId);
      const messages = await strapi.db.query(UID.message).findMany({
        where: { automation: { id: row.id } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        limit: 20,
      });
      return {
        runs: Array.isArray(row.recentRuns) ? row.recentRuns : [],
        messages: messages.map((message: any) => ({
          documentId: message.documentId,
          status: message.deliveryStatus,
          customerPhone: message.customerPhone ?? null,
          sourceUid: message.sourceUid ?? null,
          sourceDocumentId: message.sourceDocumentId ?? null,
          errorTitle: message.errorTitle ?? null,
          createdAt: iso(message.createdAt),
        })),
      };
    },

    /**
     * What the rule would send for one record now, or why it would not. Transitions cannot be
     * replayed, so a "changes to X" condition is read as "the record is X now".
     */
    async dryRun(documentId: string, raw: unknown): Promise<DryRunAutomation.Response['data']> {
      const { documentId: recordDocumentId } = validate(dryRunSchema, raw ?? {}, 'Invalid dry run');
      const row = await findRow(documentId);
      const rule = compileRule(row);
      const model = lookup(rule.contentType);
      if (!model) throw new errors.ValidationError(`the rule watches ${rule.contentType}, which is not a content type of this Strapi`);
      const where: Record<string, unknown> = { documentId: recordDocumentId };
      const candidates = await strapi.db.query(rule.contentType).findMany({
        where,
        populate: populateFor(lookup, rule.contentType, rulePaths(rule, lookup, rule.contentType)),
      });
      // Draft & publish: rules watch the published version; a never-published record shows its draft.
      const record = candidates.find((candidate: any) => candidate.publishedAt) ?? candidates[0];
      if (!record) {
        throw new errors.NotFoundError(`No ${model.info?.displayName ?? rule.contentType} with documentId ${recordDocumentId}`);
      }

      const reasons: string[] = [];
      if (rule.brokenReason) reasons.push(`the rule cannot be read: ${rule.brokenReason}`);
      if (row.enabled === false) reasons.push('the rule is disabled');
      if (!getService(strapi, 'automations').notificationsEnabled()) {
        reasons.push('notifications are paused (ENABLE_WHATSAPP_NOTIFICATIONS=false)');
      }
      let conditionText: string | null = null;
      if (rule.condition) {
        const now = rule.condition.operator === 'changed' ? null : evaluateCondition({ ...rule.condition, operator: 'equals' }, null, record);
        const current = readPath(record, rule.condition.field);
        conditionText = `sends when ${describeCondition(rule.condition)}; this record's ${rule.condition.field} is ${
          current === undefined ? 'empty' : JSON.stringify(current)
        }`;
        if (now && !now.matched) reasons.push(`condition: ${now.explanation}`);
      }
      const prepared = await prepareSend(strapi, lookup, rule, rule.contentType, record, {
        locale: typeof record.locale === 'string' ? record.locale : null,
      });
      reasons.push(...prepared.reasons);
      return {
        wouldSend: reasons.length === 0,
        reasons,
        condition: conditionText,
        recipient: prepared.recipient,
        template: prepared.template,
        components: prepared.components,
        parameters: prepared.rendered,
        values: prepared.values,
      };
    },
  };
};
