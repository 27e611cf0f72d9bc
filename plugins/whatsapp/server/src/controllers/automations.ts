import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { z } from 'zod';
import { automationInputSchema, dryRunSchema } from '../../../shared/contracts/automations';
import { getService } from '../utils/get-service';

/** zod → Strapi ValidationError (400 with one entry per problem), never a 500. */
function parse<S extends z.ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message, name: 'ValidationError' }));
  const first = details[0];
  const summary = `${first.path.length ? `${first.path.join('.')}: ` : ''}${first.message}`;
  throw new errors.ValidationError(details.length > 1 ? `${summary} (and ${details.length - 1} more)` : summary, { errors: details });
}

/** Admin routes under /whatsapp/automations (RBAC: plugin::whatsapp.automations-manage). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rules = () => getService(strapi, 'automation-rules');
  return {
    async contentTypes(ctx: any) {
      ctx.body = { data: rules().contentTypes() };
    },
    async list(ctx: any) {
      ctx.body = { data: await rules().list() };
    },
    async get(ctx: any) {
      ctx.body = { data: await rules().get(ctx.params.documentId) };
    },
    async create(ctx: any) {
      const { data, warnings } = await rules().create(parse(automationInputSchema, ctx.request.body));
      ctx.status = 201;
      ctx.body = { data, meta: { warnings } };
    },
    async update(ctx: any) {
      const { data, warnings } = await rules().update(ctx.params.documentId, parse(automationInputSchema, ctx.request.body));
      ctx.body = { data, meta: { warnings } };
    },
    async remove(ctx: any) {
      await rules().remove(ctx.params.documentId);
      ctx.status = 204;
    },
    async activity(ctx: any) {
      ctx.body = { data: await rules().activity(ctx.params.documentId) };
    },
    async dryRun(ctx: any) {
      const { documentId } = parse(dryRunSchema, ctx.request.body);
      ctx.body = { data: await rules().dryRun(ctx.params.documentId, documentId) };
    },
  };
};
