import type { SandboxTemplate } from './types';
import type { Router } from './http/router';
import { jsonBody } from './http/router';
import type { SandboxContext } from './context';
import { metaErrors } from './errors';
import { paginate, pickFields } from './paging';
import { isObject, requireArray, requireString } from './messages/checks';
import { variablesOf } from '../shared/templates/variables';
import { EDIT_LIMITS } from '../shared/templates/edit-limits';
import { templateStatusWebhook } from './webhooks/payloads';
import { checkMediaHeader, openUploadSession, UPLOAD_SESSION_PREFIX, uploadToSession } from './uploads';

/**
 * `/{waba-id}/message_templates` (docs/whatsapp-cloud-api.md#templates): list with paging and
 * filters, create (PENDING, then APPROVED or REJECTED after approveDelayMs with a status webhook),
 * delete; `POST /{template-id}`: edit within Meta's limits (EDIT_LIMITS); and the Resumable Upload
 * API that gives media headers their sample handle (uploads.ts).
 */

const NAME = /^[a-z0-9_]{1,512}$/;
const CATEGORIES = new Set(['UTILITY', 'MARKETING', 'AUTHENTICATION']);

const DAY_MS = 24 * 60 * 60 * 1000;

const editRefused = (details: string) => metaErrors.invalidParameter(details);

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
    checkMediaHeader(ctx, components);
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

  router.on('POST', '/:appId/uploads', (req) => openUploadSession(ctx, req));

  // Graph API addresses objects by bare id: an upload session (`upload:…`) or a template here.
  router.on('POST', '/:id', async (req) => {
    if (req.params.id.startsWith(UPLOAD_SESSION_PREFIX)) return uploadToSession(ctx, req);
    return editTemplate(ctx, req.params.id, jsonBody(req));
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

/** `POST /{template-id}`: Meta's edit, refused with its error shape outside EDIT_LIMITS (shared/templates/edit-limits.ts). */
async function editTemplate(ctx: SandboxContext, id: string, body: unknown, now = Date.now()) {
  await ctx.refreshTemplates();
  const template = ctx.templates.byId(id);
  if (!template) throw metaErrors.unknownObject('POST', id);
  if (!isObject(body)) throw metaErrors.invalidParameter('The request body must be a JSON object.');
  for (const field of ['name', 'language'] as const) {
    if (body[field] !== undefined && body[field] !== template[field]) {
      throw editRefused(`The ${field} of a template cannot be edited; only its components and category can.`);
    }
  }
  const status = template.status ?? 'APPROVED';
  if (!(EDIT_LIMITS.editableStatuses as readonly string[]).includes(status)) {
    throw editRefused(`Only templates with status ${EDIT_LIMITS.editableStatuses.join(', ')} can be edited; this one is ${status}.`);
  }
  let category: SandboxTemplate['category'] | undefined;
  if (body.category !== undefined) {
    const requested = requireString(body.category, 'category').toUpperCase();
    if (!CATEGORIES.has(requested)) throw metaErrors.invalidParameter(`Param category must be one of ${[...CATEGORIES].join(', ')}.`);
    if (status === 'APPROVED' && requested !== template.category) {
      throw editRefused(`The category of an approved template cannot be edited (it is ${template.category}).`);
    }
    category = requested as SandboxTemplate['category'];
  }
  if (body.components === undefined && category === undefined) {
    throw metaErrors.missingParameter('An edit needs components or category.');
  }
  const components = body.components === undefined ? template.components : requireArray(body.components, 'components', 1, 10);
  checkComponents(components, template.parameter_format ?? 'POSITIONAL');
  if (body.components !== undefined) checkMediaHeader(ctx, components);
  if (status === 'APPROVED') {
    if (ctx.templates.approvedEditsSince(id, now - DAY_MS) >= EDIT_LIMITS.perDay) {
      throw editRefused(
        `An approved template can be edited ${EDIT_LIMITS.perDay} time in 24 hours; this one already was. Try again later.`
      );
    }
    if (ctx.templates.approvedEditsSince(id, now - 30 * DAY_MS) >= EDIT_LIMITS.perThirtyDays) {
      throw editRefused(`An approved template can be edited at most ${EDIT_LIMITS.perThirtyDays} times in 30 days; this one reached that.`);
    }
  }
  const edited = ctx.templates.edit(id, { components, category }, now)!;
  ctx.log(`template ${edited.name}/${edited.language} edited, PENDING`);
  scheduleReview(ctx, edited);
  return { status: 200, json: { success: true } };
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
        at: ctx.templates.reviewedAt(current.id!),
      })
    );
  });
}
