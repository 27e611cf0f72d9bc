import type { Locator, Page } from 'playwright-core';
import { adminApi } from './api';
import { openAdminPath } from './admin';
import { UID } from '../../plugins/whatsapp/shared/uids';

/**
 * What the WhatsApp specs share: the demo records they may rely on, the offline sandbox standing
 * in for a customer's phone (and for Meta refusing a send), unique phone numbers for records a
 * spec creates, and the comms tab's and the inbox's landmarks.
 */

/** Demo tenants and their sandbox numbers (src/demo/tenants.ts, plugins/whatsapp/sandbox/demo.ts). */
export const DEMO = {
  laEspiga: { name: 'Panadería La Espiga', phoneNumberId: '100000000000001', display: '+34 600 000 001' },
  sanMiguel: { name: 'Horno San Miguel', phoneNumberId: '100000000000002', display: '+34 600 000 002' },
} as const;

/**
 * A Spanish mobile number no demo record and no earlier run uses (demo customers are
 * +346…, suppliers +349…/+44…): `+347` + 8 digits from the clock and a counter.
 */
let phoneCounter = 0;
export function uniquePhone(): string {
  phoneCounter += 1;
  const digits = `${Date.now() % 1_000_000}${String(phoneCounter % 100).padStart(2, '0')}`.padStart(8, '0');
  return `+347${digits}`;
}

/** `+34712345678` → `+34 712 34 56 78`: how a person types a number, which the plugin normalises. */
export const spacedPhone = (e164: string) => `${e164.slice(0, 3)} ${e164.slice(3, 6)} ${e164.slice(6, 8)} ${e164.slice(8, 10)} ${e164.slice(10)}`;

/**
 * The customer's phone and Meta, played by the offline sandbox through its admin routes (offline
 * mode only): a customer writing in (signed and posted to our webhook, the path a real message
 * takes), and Meta refusing the next send with an error code. Nothing else of a journey goes
 * through the API.
 */
export function sandbox() {
  const api = adminApi();
  let ready: Promise<void> | undefined;
  const call = async (path: string, body: unknown) => {
    ready ??= api.login();
    await ready;
    return api.call('POST', path, body);
  };
  return {
    /**
     * The customer `from` writes `text` to the business number `phoneNumberId`; a username user
     * who hides the number writes with `userId` (a BSUID) and `username` instead of `from`.
     */
    customerWrites: (message: { from?: string; userId?: string; username?: string; phoneNumberId: string; name?: string; text: string }) =>
      call('/whatsapp/sandbox/inbound', message),
    /** Meta refuses the next send, e.g. 131026 "Message undeliverable". */
    metaRefusesNextSend: (code: number, title: string) => call('/whatsapp/sandbox/faults', { code, title }),
  };
}

/** The landmarks of a conversation, in the admin's language. */
export interface ConversationLabels {
  timeline: string;
  live: string;
}
export const ENGLISH_LABELS: ConversationLabels = { timeline: 'WhatsApp conversation', live: '● Live' };

/** A customer's edit view with its comms tab, once the timeline is loaded and the live stream open. */
export async function openCustomerCommsTab(page: Page, documentId: string, labels = ENGLISH_LABELS): Promise<Locator> {
  await openAdminPath(page, `content-manager/collection-types/${UID.customer}/${documentId}`);
  return conversationTimeline(page, labels);
}

/** The conversation on screen (comms tab or inbox), once it is loaded and the live stream is open. */
export async function conversationTimeline(page: Page, labels = ENGLISH_LABELS): Promise<Locator> {
  const timeline = page.getByRole('log', { name: labels.timeline });
  await timeline.waitFor();
  await page.getByText(labels.live).first().waitFor();
  return timeline;
}

/** The message bubbles of a timeline that contain `text`. */
export const bubble = (timeline: Locator, text: string | RegExp) => timeline.getByTestId('wa-message').filter({ hasText: text });

/**
 * Picks `option` in the design system's select labelled `label` inside `scope` (a page or a part
 * of it); the list opens in a portal at the end of the page, hence `page` for the option.
 */
export async function choose(page: Page, scope: Page | Locator, label: string | RegExp, option: string | RegExp): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: typeof label === 'string' }).click();
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
}
