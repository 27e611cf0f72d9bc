import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import {
  CreateTemplate,
  type GetTemplate,
  ListTemplates,
  UpdateTemplate,
  UploadHeaderSample,
} from '../../../../shared/contracts/templates';
import { ACTIONS } from '../../../../shared/permissions';
import { getService } from '../../core/get-service';
import { validate } from '../../core/validate';

const documentIdParam = z.object({ documentId: z.string().trim().min(1).max(64) });

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'templates');

  return {
    async list(ctx: any) {
      const query: ListTemplates.ParsedQuery = validate(ListTemplates.query, ctx.query);
      // A tenant-scoped reader sees the templates of its tenants' business accounts (docs/tenancy.md).
      const tenancy = getService(strapi, 'tenancy');
      const accounts = await tenancy.accountsOf(await tenancy.scopeFor(ctx.state.user, ACTIONS.templatesRead));
      ctx.body = await service().list(query, accounts ?? undefined);
    },

    async findOne(ctx: any) {
      const { documentId } = validate(documentIdParam, ctx.params);
      ctx.body = { data: await service().findOne(documentId) } satisfies GetTemplate.Response;
    },

    async stats(ctx: any) {
      const { documentId } = validate(documentIdParam, ctx.params);
      ctx.body = { data: await service().stats(documentId) };
    },

    async create(ctx: any) {
      const input = validate(CreateTemplate.body, ctx.request.body);
      const { template, findings } = await service().create(input);
      ctx.status = 201;
      ctx.body = { data: template, findings } satisfies CreateTemplate.Response;
    },

    async update(ctx: any) {
      const { documentId } = validate(documentIdParam, ctx.params);
      const input = validate(UpdateTemplate.body, ctx.request.body);
      const { template, findings, editedAtMeta } = await service().update(documentId, input);
      ctx.body = { data: template, findings, editedAtMeta } satisfies UpdateTemplate.Response;
    },

    async headerSample(ctx: any) {
      const input = validate(UploadHeaderSample.body, ctx.request.body);
      ctx.body = { data: await service().uploadHeaderSample(input) } satisfies UploadHeaderSample.Response;
    },

    async submit(ctx: any) {
      const { documentId } = validate(documentIdParam, ctx.params);
      const { template, warnings } = await service().submit(documentId);
      ctx.body = { data: template, warnings };
    },

    async sync(ctx: any) {
      const accounts = await service().sync();
      ctx.body = { data: { accounts, syncedAt: new Date().toISOString() } };
    },

    async remove(ctx: any) {
      const { documentId } = validate(documentIdParam, ctx.params);
      ctx.body = { data: await service().remove(documentId) };
    },
  };
};
