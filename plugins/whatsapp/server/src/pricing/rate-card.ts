import { readFileSync } from 'node:fs';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import shipped from './rate-card.json';

/**
 * What a message costs (docs/pricing.md). Meta's status webhooks say how each delivered message was
 * priced (`pricing.type`, `pricing.category`, stored on the message); a rate card turns that into
 * money: the rate for the recipient's country and the category when the type is `regular`, nothing
 * for the free types (counted apart). Countries the card does not list use its `default` row, and
 * the statistics say which ones did.
 *
 * The card shipped with the plugin is `rate-card.json`; `WHATSAPP_RATE_CARD_FILE` (config key
 * `rateCardFile`) points to another one. Either is validated when the plugin starts, so a bad file stops the boot with the reason.
 */

export const RATE_CARD_ENV = 'WHATSAPP_RATE_CARD_FILE';

const rate = z.number().finite().nonnegative();
const rates = z.record(z.string().regex(/^[a-z_]+$/, 'categories are lower-case words (marketing, utility…)'), rate);

export const rateCardSchema = z
  .object({
    asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD'),
    source: z.string().optional(),
    note: z.string().optional(),
    default: rates,
    countries: z.record(z.string().regex(/^[A-Z]{2}$/, 'country keys are ISO 3166 alpha-2 codes such as ES'), rates),
  })
  .strict();

export type RateCard = z.infer<typeof rateCardSchema>;

/** Pricing types Meta does not bill (2026: `free_group_customer_service` too). */
export const FREE_TYPES = ['free_customer_service', 'free_entry_point', 'free_group_customer_service'] as const;

export function parseRateCard(input: unknown, origin: string): RateCard {
  const result = rateCardSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`WhatsApp rate card ${origin} is invalid: ${issue.path.join('.') || '(root)'} ${issue.message}`);
  }
  return result.data;
}

/** The card in force: the file named by WHATSAPP_RATE_CARD_FILE (config `rateCardFile`), or the one shipped with the plugin. */
export function loadRateCard(file?: string | null): RateCard & { origin: string } {
  if (!file) return { ...parseRateCard(shipped, '(shipped with the plugin)'), origin: 'shipped' };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error: any) {
    throw new Error(`WhatsApp rate card ${file} (${RATE_CARD_ENV}) cannot be read: ${error?.message ?? error}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error: any) {
    throw new Error(`WhatsApp rate card ${file} (${RATE_CARD_ENV}) is not JSON: ${error?.message ?? error}`);
  }
  return { ...parseRateCard(json, `${file} (${RATE_CARD_ENV})`), origin: file };
}

const countryCache = new Map<string, string | null>();

/** ISO country of a recipient from its phone (E.164) or wa_id; null when it cannot be told. */
export function countryOf(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = String(phone).replace(/\D/g, '');
  if (!digits) return null;
  if (countryCache.has(digits)) return countryCache.get(digits)!;
  const country = parsePhoneNumberFromString(`+${digits}`)?.country ?? null;
  if (countryCache.size > 10_000) countryCache.clear();
  countryCache.set(digits, country);
  return country;
}

export interface PricedMessage {
  phone?: string | null;
  category?: string | null;
  type?: string | null;
}

export interface Priced {
  /** `billable`: type regular; `free`: one of the free types; `unpriced`: no pricing stored (not delivered, inbound-only…). */
  kind: 'billable' | 'free' | 'unpriced';
  cost: number;
  country: string | null;
  /** True when the country is not on the card (or unknown) and the default row was used. */
  defaulted: boolean;
}

export function priceOf(card: RateCard, message: PricedMessage): Priced {
  const country = countryOf(message.phone);
  const type = message.type ?? '';
  if (!type) return { kind: 'unpriced', cost: 0, country, defaulted: false };
  if ((FREE_TYPES as readonly string[]).includes(type)) return { kind: 'free', cost: 0, country, defaulted: false };
  const category = String(message.category ?? '').replace(/-/g, '_');
  const row = country ? card.countries[country] : undefined;
  const own = row?.[category];
  const value = own ?? card.default[category] ?? 0;
  return { kind: 'billable', cost: value, country, defaulted: own === undefined };
}
