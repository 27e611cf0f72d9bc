import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { AccountView, CreateAccount, TestAccount, UpdateAccount } from '../../../shared/contracts/accounts';
import { UID } from '../../../shared/uids';
import { ConflictError } from '../core/errors';
import { getService } from '../core/get-service';
import { describeGraphFailure } from '../core/graph/failure';
import { toAccountView } from './views/accounts';

/**
 * Admin management of business accounts: the master (shared, from the environment) and the
 * dedicated accounts admins add. Writes go through the document service so the account-secrets
 * middleware encrypts secrets and keeps their last 4; reads use `strapi.db.query` and map rows
 * to views that only say whether a secret is set.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => strapi.db.query(UID.businessAccount);
  const documents = () => strapi.documents(UID.businessAccount);

  const countNumbers = (accountId: number) => strapi.db.query(UID.phoneNumber).count({ where: { account: { id: accountId } } });

  const view = async (row: any): Promise<AccountView> => toAccountView(row, await countNumbers(row.id));

  const findRow = async (documentId: string) => {
    const row = await rows().findOne({ where: { documentId } });
    if (!row) throw new errors.NotFoundError(`Business account ${documentId} not found`);
    return row;
  };

  return {
    async list(): Promise<AccountView[]> {
      const all = await rows().findMany({ orderBy: [{ isMaster: 'desc' }, { name: 'asc' }, { id: 'asc' }] });
      return Promise.all(all.map(view));
    },

    async create(body: CreateAccount.Request['body']): Promise<AccountView> {
      const taken = await rows().findOne({ where: { wabaId: body.wabaId } });
      if (taken) {
        throw new ConflictError(`An account with WABA id ${body.wabaId} already exists ('${taken.name}')`, { accountId: taken.documentId });
      }
      const created = await documents().create({ data: { ...body, kind: 'dedicated', isMaster: false } as any });
      return view(await findRow(created.documentId));
    },

    async update(documentId: string, body: UpdateAccount.Request['body']): Promise<AccountView> {
      const row = await findRow(documentId);
      if (row.isMaster && (body.accessToken || body.appSecret)) {
        throw new errors.ValidationError(
          "The master account's secrets come from WHATSAPP_ACCESS_TOKEN and WHATSAPP_APP_SECRET: change them in the environment and restart Strapi."
        );
      }
      const data: Record<string, unknown> = {};
      for (const key of ['name', 'accessToken', 'appSecret', 'apiVersion', 'marketingMessagesEnabled'] as const) {
        if (body[key] !== undefined) data[key] = body[key];
      }
      // A new token deserves a new connection test; the old result no longer says anything.
      if (body.accessToken) Object.assign(data, { connectionStatus: 'unknown', lastError: null });
      await documents().update({ documentId, data: data as any });
      return view(await findRow(documentId));
    },

    /** Deletes a dedicated account and its numbers; refused while a tenant uses one of them. */
    async remove(documentId: string): Promise<void> {
      const row = await findRow(documentId);
      if (row.isMaster) {
        throw new errors.ValidationError(
          'The master account comes from the environment (WHATSAPP_BUSINESS_ACCOUNT_ID) and cannot be deleted here.'
        );
      }
      await strapi.db.transaction(async () => {
        const numbers = await strapi.db
          .query(UID.phoneNumber)
          .findMany({ where: { account: { id: row.id } }, populate: { tenant: true } });
        const used = numbers.filter((n: any) => n.tenant);
        if (used.length) {
          const list = used.map((n: any) => `${n.displayPhoneNumber || n.phoneNumberId} ('${n.tenant.name}')`).join(', ');
          throw new ConflictError(`Account '${row.name}' still has numbers assigned to tenants: ${list}. Unassign them first.`);
        }
        if (numbers.length) {
          await strapi.db.query(UID.phoneNumber).deleteMany({ where: { id: { $in: numbers.map((n: any) => n.id) } } });
        }
        await rows().delete({ where: { id: row.id } });
        // Deleted with the query engine (with its numbers), so recorded here, not by the middleware.
        await getService(strapi, 'audit').record({
          action: 'account.deleted',
          subject: { type: 'account', documentId: row.documentId, label: row.name },
          before: { name: row.name ?? null, wabaId: row.wabaId ?? null, numbers: numbers.length },
        });
      });
    },

    /** A live call to Meta with the account's credentials; the result is stored on the account. */
    async test(documentId: string): Promise<TestAccount.Response['data']> {
      const row = await findRow(documentId);
      const accounts = getService(strapi, 'accounts');
      const testedAt = new Date().toISOString();
      const credentials = accounts.credentialsOf(row);
      let result: TestAccount.Response['data'];
      if (!credentials) {
        result = {
          ok: false,
          connectionStatus: 'error',
          error: { title: 'No access token', message: 'This account has no access token. Add one and test again.' },
          testedAt,
        };
      } else {
        try {
          const numbers = await accounts.graphClient(credentials).listPhoneNumbers(row.wabaId);
          result = { ok: true, connectionStatus: 'connected', phoneNumberCount: numbers.length, testedAt };
        } catch (error) {
          result = { ok: false, connectionStatus: 'error', error: describeGraphFailure(error), testedAt };
        }
      }
      await rows().update({
        where: { id: row.id },
        data: {
          connectionStatus: result.connectionStatus,
          lastError: result.error ? `${result.error.title}: ${result.error.message}` : null,
        },
      });
      return result;
    },
  };
};
