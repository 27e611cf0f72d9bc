import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { ListTemplates } from '../../../../shared/contracts/templates';
import { TemplateUpstreamError } from '../meta';
import { getService } from '../../core/get-service';
import { validate } from '../../core/validate';

const documentIdParam = z.object({ documentId: z.string().trim().min(1).max(64) });

/** 502 (Meta unreachable) and 503 (not configured) keep their status; everything else is Strapi's. */
async function answer<T>(ctx: any, work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TemplateUpstreamError) {
      ctx.status = error.status;
      ctx.body = {
        data: null,
        error: { status: error.status, name: error.status === 503 ? 'ServiceUnavailableError' : 'BadGatewayError', message: error.message },
      };
      return undefined;
    }
    throw error;
  }
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'templates');

  return {
    async list(ctx: any) {
      const query: ListTemplates.ParsedQuery = validate(ListTemplates.query, ctx.query);
      ctx.body = await service().list(query);
    },

    async findOne(ctx: any) {
      const { documentId } = validate(documentIdParam, ctx.params);
      ctx.body = { data: await service().findOne(documentId) };
    },

    async stats(ctx: any) {
      const { documentId } = validate(documentIdParam, ctx.params);
      ctx.body = { data: await service().stats(documentId) };
    },

    async submit(ctx: any) {
      const { documentId } = validate(documentIdParam, ctx.params);
      await answer(ctx, async () => {
        const { template, warnings } = await service().submit(documentId);
        ctx.body = { data: template, warnings };
      });
    },

    async sync(ctx: any) {
      await answer(ctx, async () => {
        const accounts = await service().sync();
        ctx.body = { data: { accounts, syncedAt: new Date().toISOString() } };
      });
    },

    async remove(ctx: any) {
      const { documentId } = validate(documentIdParam, ctx.params);
      await answer(ctx, async () => {
        ctx.body = { data: await service().remove(documentId) };
      });
    },
  };
};
