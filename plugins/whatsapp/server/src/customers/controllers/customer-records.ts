import type { Core } from '@strapi/strapi';
import { GetCustomerRecords } from '../../../../shared/contracts/customer-records';
import { ACTIONS } from '../../../../shared/permissions';
import { getService } from '../../core/get-service';
import { validate } from '../../core/validate';

/** Admin route `GET /whatsapp/customers/:documentId/records`: the customer panel (docs/conversations.md#customer-panel). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async records(ctx: any) {
    const { documentId } = validate(GetCustomerRecords.params, ctx.params ?? {});
    const query = validate(GetCustomerRecords.query, ctx.query ?? {});
    await getService(strapi, 'tenancy').requireCustomerFor(ctx.state.user, ACTIONS.messagesRead, documentId);
    const data = await getService(strapi, 'customer-records').list(documentId, { limit: query.limit ?? GetCustomerRecords.DEFAULT_LIMIT }, ctx.state.userAbility);
    ctx.body = { data } satisfies GetCustomerRecords.Response;
  },
});
