import type { SandboxPhoneNumber } from '../types';
import type { SandboxContext } from '../context';
import { numberRef } from '../context';
import { ERROR_CODES_HREF, statusWebhook, unixSeconds, type StatusInput } from '../webhooks/payloads';

/**
 * What happens after Meta accepts a send: status webhooks, each `statusDelayMs` after the
 * previous one. A free-form send outside the window is accepted and then fails asynchronously
 * with 131047, as Meta does.
 */

export interface AcceptedSend {
  wamid: string;
  number: SandboxPhoneNumber;
  recipientId: string;
  /** recipientId is a BSUID (a `recipient` send): statuses carry recipient_user_id only. */
  recipientIsUserId?: boolean;
  /** Template category in lower case (utility, marketing, authentication), or undefined for free-form. */
  templateCategory?: string;
  outsideWindow: boolean;
  /** From the URL, e.g. v23.0: before v24.0 status webhooks still carry a conversation object. */
  version?: string;
  bizOpaqueCallbackData?: string;
}

const versionNumber = (version?: string) => Number(/^v(\d+)/.exec(version ?? '')?.[1] ?? 99);

function pricingOf(send: AcceptedSend): NonNullable<StatusInput['pricing']> {
  if (send.templateCategory) {
    return { billable: true, pricing_model: 'PMP', type: 'regular', category: send.templateCategory };
  }
  return { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
}

export function scheduleStatuses(ctx: SandboxContext, send: AcceptedSend): void {
  const ref = numberRef(ctx, send.number);
  const base = {
    wamid: send.wamid,
    recipientId: send.recipientId,
    recipientIsUserId: send.recipientIsUserId,
    bizOpaqueCallbackData: send.bizOpaqueCallbackData,
  };
  const emit = (input: StatusInput) => ctx.webhooks.deliverInBackground(statusWebhook(ref, input));

  if (send.outsideWindow) {
    ctx.timers.after(ctx.statusDelayMs, () =>
      emit({
        ...base,
        status: 'failed',
        at: Date.now(),
        errors: [
          {
            code: 131047,
            title: 'Re-engagement message',
            message: 'Re-engagement message',
            error_data: {
              details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
            },
            href: ERROR_CODES_HREF,
          },
        ],
      })
    );
    return;
  }

  const pricing = pricingOf(send);
  const legacyConversation = versionNumber(send.version) < 24;
  ctx.autoStatuses.forEach((status, index) => {
    ctx.timers.after(ctx.statusDelayMs * (index + 1), () => {
      const at = Date.now();
      emit({
        ...base,
        status,
        at,
        // Pricing rides on `sent` and on `delivered` (Meta: sent and one of delivered/read).
        pricing: status === 'read' ? undefined : pricing,
        conversation: legacyConversation
          ? {
              id: `sandbox-conv-${send.number.id}-${send.recipientId}`,
              ...(status === 'sent' ? { expiration_timestamp: unixSeconds(at + 24 * 3600 * 1000) } : {}),
              origin: { type: send.templateCategory ?? 'service' },
            }
          : undefined,
      });
    });
  });
}
