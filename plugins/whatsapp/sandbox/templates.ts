import type { SandboxTemplate } from './types';
import type { Router } from './http/router';
import { jsonBody } from './http/router';
import type { SandboxContext } from './context';
import { metaErrors } from './errors';
import { paginate, pickFields } from './paging';
import { isObject, requireArray, requireString } from './messages/checks';
import { variablesOf } from '../shared/templates/variables';
import { templateStatusWebhook } from './webhooks/payloads';

/**
 * `/{waba-id}/message_templates` (docs/whatsapp-cloud-api.md#templates): list with paging and
 * filters, create (PENDING, then APPROVED or REJECTED after approveDelayMs with a status webhook),
 * delete.
 */

const NAME = /^[a-z0-9_]{1,512}$/;
const CATEGORIES = new Set(['UTILITY', 'MARKETING', 'AUTHENTICATION']);

export function templateRecord(ctx: SandboxContext, template: SandboxTemplate): Record<string, unknown> {
  return {
    id: template.id,
    name: template.name,
    language: template.language,
    status: template.status ?? 'APPROVED',
    category: template.category,
    parameter_format: template.parameter_format ?? 'POSITIONAL',
    components: template.components,
    rejected_reason: ctx.templates.rejectedReason(template.id ?? ''),
  };
}

function requireWaba(ctx: SandboxContext, wabaId: string, method: string): void {
  if (wabaId !== ctx.wabaId) throw metaErrors.unknownObject(method, wabaId);
}

export function registerTemplateRoutes(router: Router, ctx: SandboxContext): void {
  router.on('GET', '/:wabaId/message_templates', async (req) => {
    requireWaba(ctx, req.params.wabaId, 'GET');
    await ctx.refreshTemplates();
    const filters = {
      name: req.query.get('name'),
      status: req.query.get('status'),
      category: req.query.get('category'),
      language: req.query.get('language'),
    };
    const matching = ctx.templates.all.filter(
      (template) =>
        (!filters.name || template.name.includes(filters.name)) &&
        (!filters.status || (template.status ?? 'APPROVED') === filters.status.toUpperCase()) &&
        (!filters.category || template.category === filters.category.toUpperCase()) &&
        (!filters.language || template.language === filters.language)
    );
    const records = matching.map((template) => pickFields(templateRecord(ctx, template), req.query.get('fields')));
    return { status: 200, json: paginate(records, req) };
  });

  router.on('POST', '/:wabaId/message_templates', async (req) => {
    requireWaba(ctx, req.params.wabaId, 'POST');
    const body = jsonBody(req);
    if (!isObject(body)) throw metaErrors.invalidParameter('The request body must be a JSON object.');
    const name = requireString(body.name, 'name');
    if (!NAME.test(name)) {
      throw metaErrors.invalidParameter('Param name must be lowercase letters, digits and underscores (at most 512 characters).');
    }
    const language = requireString(body.language, 'language');
    const category = requireString(body.category, 'category').toUpperCase();
    if (!CATEGORIES.has(category)) throw metaErrors.invalidParameter(`Param category must be one of ${[...CATEGORIES].join(', ')}.`);
    const parameterFormat = body.parameter_format === undefined ? 'POSITIONAL' : String(body.parameter_format).toUpperCase();
    if (parameterFormat !== 'POSITIONAL' && parameterFormat !== 'NAMED') {
      throw metaErrors.invalidParameter("Param parameter_format must be 'POSITIONAL' or 'NAMED'.");
    }
    const components = requireArray(body.components, 'components', 1, 10);
    checkComponents(components, parameterFormat);
    await ctx.refreshTemplates();
    if (ctx.templates.find(name, language)) {
      throw metaErrors.invalidParameter(
        `Content in this language already exists: there is already ${language} content for the template ${name}.`,
        2388024
      );
    }

    const template = ctx.templates.add({
      name,
      language,
      category: category as SandboxTemplate['category'],
      status: 'PENDING',
      parameter_format: parameterFormat,
      components,
    });
    ctx.log(`template ${name}/${language} created as ${template.id}, PENDING`);
    scheduleReview(ctx, template);
    return { status: 200, json: { id: template.id, status: 'PENDING', category } };
  });

  router.on('DELETE', '/:wabaId/message_templates', (req) => {
    requireWaba(ctx, req.params.wabaId, 'DELETE');
    const name = req.query.get('name');
    if (!name) throw metaErrors.missingParameter('The parameter name is required.');
    const hsmId = req.query.get('hsm_id');
    const removed = ctx.templates.remove((template) => template.name === name && (!hsmId || template.id === hsmId));
    if (removed.length === 0) {
      throw metaErrors.notFound(`Message template not found: ${name}${hsmId ? ` (hsm_id ${hsmId})` : ''}.`);
    }
    ctx.log(`template ${name} deleted (${removed.length} language(s))`);
    return { status: 200, json: { success: true } };
  });
}

/** Meta's structural rules that matter for sending later: one BODY, variables well-formed. */
function checkComponents(components: any[], parameterFormat: string): void {
  const body = components.filter((component) => isObject(component) && String(component.type).toUpperCase() === 'BODY');
  if (body.length !== 1) throw metaErrors.invalidParameter('A template needs exactly one BODY component.', 2388072);
  const text = requireString(body[0].text, "components['BODY']['text']", 1024);
  const names = variablesOf(text);
  if (parameterFormat === 'POSITIONAL') {
    const expected = names.map((_, index) => String(index + 1));
    if (names.some((name, index) => name !== expected[index])) {
      throw metaErrors.invalidParameter('Positional variables must be {{1}}, {{2}}, … in order.', 2388043);
    }
  } else if (names.some((name) => !/^[a-z0-9_]+$/.test(name))) {
    throw metaErrors.invalidParameter('Named variables must be lowercase letters, digits and underscores.', 2388043);
  }
  // Meta also refuses variables at the very start or end of the body (2388299); the sandbox lets
  // that pass so quick test templates like "Hello {{1}}" stay simple.
}

/**
 * PENDING → APPROVED (or REJECTED for names containing "reject") with a signed status webhook.
 * Once per template and sandbox; also for PENDING templates taken in from the outside source,
 * so a review cut short by a restart still ends.
 */
export function scheduleReview(ctx: SandboxContext, template: SandboxTemplate): void {
  if (!template.id || !ctx.templates.claimReview(template.id)) return;
  ctx.timers.after(ctx.approveDelayMs, () => {
    const current = ctx.templates.byId(template.id!);
    if (!current || current.status !== 'PENDING') return; // deleted or changed meanwhile
    const rejected = current.name.includes('reject');
    const event = rejected ? 'REJECTED' : 'APPROVED';
    const reason = rejected ? 'INVALID_FORMAT' : 'NONE';
    ctx.templates.setStatus(current.id!, event, rejected ? reason : undefined);
    ctx.log(`template ${current.name}/${current.language} ${event}`);
    ctx.webhooks.deliverInBackground(
      templateStatusWebhook(ctx.wabaId, {
        event,
        templateId: current.id!,
        name: current.name,
        language: current.language,
        category: current.category,
        reason,
        at: Date.now(),
      })
    );
  });
}
