import type { Core } from '@strapi/strapi';
import type { GetAutomation } from '../../../../shared/contracts/automations';
import { getService } from '../../core/get-service';

/** Admin routes under /whatsapp/automations (RBAC: plugin::whatsapp.automations-manage). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rules = () => getService(strapi, 'automation-rules');
  return {
    async contentTypes(ctx: any) {
      ctx.body = { data: rules().contentTypes() };
    },
    async templates(ctx: any) {
      ctx.body = { data: await rules().templates() };
    },
    async list(ctx: any) {
      ctx.body = { data: await rules().list() };
    },
    async get(ctx: any) {
      ctx.body = { data: await rules().get(ctx.params.documentId) } satisfies GetAutomation.Response;
    },
    async create(ctx: any) {
      const { data, warnings } = await rules().create(ctx.request.body);
      ctx.status = 201;
      ctx.body = { data, meta: { warnings } };
    },
    async update(ctx: any) {
      const { data, warnings } = await rules().update(ctx.params.documentId, ctx.request.body);
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
      ctx.body = { data: await rules().dryRun(ctx.params.documentId, ctx.request.body) };
    },
  };
};
