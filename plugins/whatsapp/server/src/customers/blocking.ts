import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { CustomerBlockState } from '../../../shared/contracts/customer-block';
import { UID } from '../../../shared/uids';
import { getService } from '../core/get-service';
import { badGateway, conflict, unprocessable } from '../core/errors';
import { explainGraphError, GraphApiError, type BlockUsersResult } from '../core/graph';
import { adminUserName } from '../core/admin-user-name';

/**
 * Blocking a customer on WhatsApp (docs/customers-blocking.md), with Meta's Block Users API
 * (`POST`/`DELETE /{phone-number-id}/block_users`). Meta blocks per business number and only
 * users who wrote to that number in the last 24 hours; the plugin blocks the customer on every
 * number they wrote to in that time and stores the block only once Meta blocked them on each.
 * If Meta refuses one number, the numbers already blocked are unblocked again and nothing is stored.
 */

/** Meta: "You can only block users that have messaged your business in the last 24 hours." */
export const BLOCK_WINDOW_MS = 24 * 60 * 60 * 1000;

interface Actor {
  id: number;
  firstname?: string | null;
  lastname?: string | null;
  username?: string | null;
  email?: string | null;
}

const nameOf = (user?: Actor | null) =>
  adminUserName(user);

const digits = (value: unknown) => String(value ?? '').replace(/\D/g, '');

export function toBlockState(row: any): CustomerBlockState {
  const numbers = Array.isArray(row.blockedNumbers) ? row.blockedNumbers.map(String) : [];
  return {
    documentId: row.documentId,
    blocked: Boolean(row.blockedAt),
    blockedAt: row.blockedAt ? new Date(row.blockedAt).toISOString() : null,
    blockedBy: row.blockedAt ? { id: row.blockedById ?? null, name: row.blockedByName ?? null } : null,
    phoneNumberIds: row.blockedAt ? numbers : [],
  };
}

export function createCustomerBlocking(strapi: Core.Strapi) {
  const customers = () => strapi.db.query(UID.customer);

  const load = async (documentId: string) => {
    const row = await customers().findOne({ where: { documentId } });
    if (!row) throw new errors.NotFoundError(`Customer ${documentId} not found`);
    return row;
  };

  /** One Meta call; a refusal of the whole request is a 502 in plain words. */
  const call = async (phoneNumberId: string, user: string, action: 'block' | 'unblock'): Promise<BlockUsersResult> => {
    const accounts = getService(strapi, 'accounts');
    const credentials = await accounts.credentialsForPhoneNumber(phoneNumberId);
    if (!credentials) throw conflict(`The account of business number ${phoneNumberId} has no access token.`, { phoneNumberId });
    try {
      return await accounts.graphClient(credentials).blockUsers(phoneNumberId, [user], action);
    } catch (error) {
      const verb = action === 'block' ? 'block' : 'unblock';
      if (error instanceof GraphApiError) {
        throw badGateway(`WhatsApp refused to ${verb} the customer on number ${phoneNumberId}: ${explainGraphError(error.code)}`, {
          phoneNumberId,
          code: error.code,
          title: error.title,
          details: error.details ?? null,
        });
      }
      throw badGateway(`WhatsApp did not answer the ${verb} request for number ${phoneNumberId}; nothing was changed, try again.`, { phoneNumberId });
    }
  };

  /** A user Meta refused, in plain words (422: Meta's rules, e.g. the 24-hour limit). */
  const refusal = (action: 'block' | 'unblock', phoneNumberId: string, failed: BlockUsersResult['failed'][number]) =>
    unprocessable(
      `WhatsApp refused to ${action} the customer on number ${phoneNumberId}: ${failed.code ? explainGraphError(failed.code) : 'no reason given'}${
        failed.details ? ` (Meta: ${failed.details})` : ''
      }`,
      { phoneNumberId, code: failed.code ?? null, title: failed.title ?? null, details: failed.details ?? null, reason: 'meta_refused' }
    );

  /** The business numbers the customer wrote to in the last 24 hours, newest first. */
  const recentNumbers = async (customerId: number, since: Date): Promise<string[]> => {
    const rows = await strapi.db.query(UID.message).findMany({
      where: { customer: { id: customerId }, direction: 'inbound', occurredAt: { $gte: since }, businessPhoneNumberId: { $notNull: true } },
      select: ['businessPhoneNumberId'],
      orderBy: [{ occurredAt: 'desc' }],
      limit: 1000,
    });
    return [...new Set(rows.map((row: any) => String(row.businessPhoneNumberId)))];
  };

  return {
    async state(documentId: string): Promise<CustomerBlockState> {
      return toBlockState(await load(documentId));
    },

    async block(documentId: string, actor?: Actor | null): Promise<CustomerBlockState> {
      const row = await load(documentId);
      if (row.blockedAt) throw conflict('The customer is already blocked.', { reason: 'already_blocked' });
      const user = digits(row.waId) || digits(row.phone);
      if (!user) throw unprocessable('The customer has no WhatsApp number, so WhatsApp cannot block them.', { path: ['customer'], reason: 'no_number' });
      const numbers = await recentNumbers(row.id, new Date(Date.now() - BLOCK_WINDOW_MS));
      if (numbers.length === 0) {
        throw unprocessable(
          'The customer has not written to any of your numbers in the last 24 hours: WhatsApp only blocks users who wrote in the last 24 hours.',
          { reason: 'no_recent_message' }
        );
      }

      const done: string[] = [];
      try {
        for (const phoneNumberId of numbers) {
          const result = await call(phoneNumberId, user, 'block');
          if (result.failed.length) throw refusal('block', phoneNumberId, result.failed[0]);
          done.push(phoneNumberId);
        }
      } catch (error) {
        // Nothing half-written: numbers already blocked are unblocked again (best effort).
        for (const phoneNumberId of done) {
          await call(phoneNumberId, user, 'unblock').catch((undo) =>
            strapi.log.warn(`[whatsapp] could not undo the block of ${row.documentId} on ${phoneNumberId}: ${(undo as Error).message}`)
          );
        }
        throw error;
      }

      const data = { blockedAt: new Date(), blockedById: actor?.id ?? null, blockedByName: nameOf(actor), blockedNumbers: done };
      await customers().update({ where: { id: row.id }, data });
      await getService(strapi, 'audit').record({
        action: 'customer.blocked',
        subject: { type: 'customer', documentId: row.documentId, label: row.name ?? row.phone ?? null },
        before: { blocked: false },
        after: { blocked: true, numbers: done.join(', ') },
      });
      return toBlockState({ ...row, ...data });
    },

    async unblock(documentId: string): Promise<CustomerBlockState> {
      const row = await load(documentId);
      if (!row.blockedAt) throw conflict('The customer is not blocked.', { reason: 'not_blocked' });
      const user = digits(row.waId) || digits(row.phone);
      const numbers: string[] = Array.isArray(row.blockedNumbers) ? row.blockedNumbers.map(String) : [];
      const remaining = [...numbers];
      const keep = async () => {
        // Still blocked on the numbers Meta did not unblock; the others are stored as unblocked.
        if (remaining.length !== numbers.length) await customers().update({ where: { id: row.id }, data: { blockedNumbers: remaining } });
      };
      for (const phoneNumberId of numbers) {
        let result: BlockUsersResult;
        try {
          result = await call(phoneNumberId, user, 'unblock');
        } catch (error) {
          await keep();
          throw error;
        }
        if (result.failed.length) {
          await keep();
          throw refusal('unblock', phoneNumberId, result.failed[0]);
        }
        remaining.splice(remaining.indexOf(phoneNumberId), 1);
      }
      const data = { blockedAt: null, blockedById: null, blockedByName: null, blockedNumbers: null };
      await customers().update({ where: { id: row.id }, data });
      await getService(strapi, 'audit').record({
        action: 'customer.unblocked',
        subject: { type: 'customer', documentId: row.documentId, label: row.name ?? row.phone ?? null },
        before: { blocked: true, numbers: numbers.join(', ') },
        after: { blocked: false },
      });
      return toBlockState({ ...row, ...data });
    },
  };
}
