import type { Router } from './http/router';
import { jsonBody } from './http/router';
import type { SandboxContext } from './context';
import { requireNumber } from './context';
import { metaErrors, fbtraceId } from './errors';
import { digitsOf, windowIsOpen } from './windows';
import { isObject } from './messages/checks';
import { paginate } from './paging';

/**
 * Meta's Block Users API (https://developers.facebook.com/documentation/business-messaging/whatsapp/block-users/):
 * `POST /{phone-number-id}/block_users` blocks, `DELETE` unblocks, `GET` lists, with its limits:
 * only users who wrote to the number in the last 24 hours can be blocked (unblocking has no such
 * rule), at most 1,000 users per request, at most 64,000 on a number's block list. Errors are per
 * user: the users refused come back in `failed_users`, with error 139100 on the request.
 */

export const MAX_USERS_PER_REQUEST = 1000;
export const BLOCKLIST_LIMIT = 64_000;

/** Blocked users per business number (wa_id digits). */
export class BlockList {
  private readonly byNumber = new Map<string, Set<string>>();

  of(phoneNumberId: string): Set<string> {
    let set = this.byNumber.get(phoneNumberId);
    if (!set) this.byNumber.set(phoneNumberId, (set = new Set()));
    return set;
  }

  isBlocked(phoneNumberId: string, waId: string): boolean {
    return this.byNumber.get(phoneNumberId)?.has(digitsOf(waId)) ?? false;
  }

  clear(): void {
    this.byNumber.clear();
  }
}

function usersOf(body: unknown): string[] {
  if (!isObject(body)) throw metaErrors.invalidParameter('The request body must be a JSON object.');
  if (body.messaging_product !== 'whatsapp') throw metaErrors.invalidParameter("The parameter messaging_product is required and must be 'whatsapp'.");
  const list = body.block_users;
  if (!Array.isArray(list) || list.length === 0) throw metaErrors.missingParameter('The parameter block_users is required (a list of {"user": "<phone number>"}).');
  if (list.length > MAX_USERS_PER_REQUEST) {
    throw metaErrors.invalidParameter(`A request can block or unblock at most ${MAX_USERS_PER_REQUEST} users; got ${list.length}.`);
  }
  return list.map((entry, index) => {
    if (!isObject(entry) || typeof entry.user !== 'string' || digitsOf(entry.user).length < 5) {
      throw metaErrors.invalidParameter(`Param block_users[${index}]['user'] must be a WhatsApp user phone number.`);
    }
    return entry.user;
  });
}

const userError = (code: number, message: string, details: string) => ({ message, code, error_data: { details } });

export function registerBlockUserRoutes(router: Router, ctx: SandboxContext): void {
  router.on('POST', '/:phoneNumberId/block_users', async (req) => {
    const number = requireNumber(ctx, req.params.phoneNumberId, 'POST');
    const users = usersOf(jsonBody(req));
    const list = ctx.blockList.of(number.id);
    const added: { input: string; wa_id: string }[] = [];
    const failed: { input: string; wa_id: string; errors: unknown[] }[] = [];
    for (const input of users) {
      const waId = digitsOf(input);
      if (list.has(waId)) {
        added.push({ input, wa_id: waId });
      } else if (!(await windowIsOpen(ctx.windows, ctx.lastInboundAt, number.id, waId, ctx.log))) {
        failed.push({
          input,
          wa_id: waId,
          errors: [userError(139100, 'Failed to block/unblock users', 'Failed to block user for whom there has been no message sent in the last 24 hours.')],
        });
      } else if (list.size >= BLOCKLIST_LIMIT) {
        failed.push({ input, wa_id: waId, errors: [userError(139101, 'Blocklist limit reached', `The block list of this number is full (${BLOCKLIST_LIMIT} users).`)] });
      } else {
        list.add(waId);
        added.push({ input, wa_id: waId });
      }
    }
    ctx.blockCalls.push({ method: 'POST', phoneNumberId: number.id, users, at: Date.now() });
    ctx.log(`block ${users.join(', ')} on ${number.id}: ${added.length} blocked, ${failed.length} failed`);
    const lists = { added_users: added, ...(failed.length ? { failed_users: failed } : {}) };
    if (!failed.length) return { status: 200, json: { messaging_product: 'whatsapp', block_users: lists } };
    return {
      status: 400,
      json: {
        messaging_product: 'whatsapp',
        block_users: lists,
        error: {
          message: '(#139100) Failed to block/unblock users',
          type: 'OAuthException',
          code: 139100,
          error_data: { details: 'Failed to block some users, see the block_users response list for details' },
          fbtrace_id: fbtraceId(),
        },
      },
    };
  });

  router.on('DELETE', '/:phoneNumberId/block_users', (req) => {
    const number = requireNumber(ctx, req.params.phoneNumberId, 'DELETE');
    const users = usersOf(jsonBody(req));
    const list = ctx.blockList.of(number.id);
    // Unblocking is not bound to the 24-hour rule; unblocking someone not blocked succeeds too.
    const removed = users.map((input) => {
      list.delete(digitsOf(input));
      return { input, wa_id: digitsOf(input) };
    });
    ctx.blockCalls.push({ method: 'DELETE', phoneNumberId: number.id, users, at: Date.now() });
    ctx.log(`unblock ${users.join(', ')} on ${number.id}`);
    return { status: 200, json: { messaging_product: 'whatsapp', block_users: { removed_users: removed } } };
  });

  router.on('GET', '/:phoneNumberId/block_users', (req) => {
    const number = requireNumber(ctx, req.params.phoneNumberId, 'GET');
    const items = [...ctx.blockList.of(number.id)].map((waId) => ({ messaging_product: 'whatsapp', wa_id: waId }));
    return { status: 200, json: paginate(items, req) };
  });
}
