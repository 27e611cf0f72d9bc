import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Phone numbers as WhatsApp and the CRM see them. Meta's `wa_id` is digits with the country code
 * and no `+`; CRM users type "+34 600 12 34 56", "0034…" or "600 123 456". Everything is reduced
 * to one E.164 form for storage and matching, with the `wa_id` form next to it.
 */
export interface NormalizedPhone {
  /** `+34600123456` */
  e164: string;
  /** `34600123456`: what Meta puts in `wa_id`, `from` and `recipient_id`. */
  waId: string;
}

/**
 * Normalises a phone number to E.164. Accepts `+…`, `00…`, Meta's bare digits (a `wa_id`), and
 * national numbers when `defaultCountry` is given. Returns null for anything that cannot be a
 * phone number (too short/long for its country, letters, empty).
 */
export function normalizePhone(input: unknown, defaultCountry?: string): NormalizedPhone | null {
  if (typeof input !== 'string' && typeof input !== 'number') return null;
  let text = String(input).trim();
  if (!text || /[a-z]/i.test(text)) return null;
  // Drop visual separators only: anything else (letters, a lone "+" in the middle) is rejected below.
  const compact = text.replace(/[\s\-().\/]/g, '');
  if (!/^\+?\d+$/.test(compact)) return null;
  if (compact.startsWith('00')) text = `+${compact.slice(2)}`;
  else if (compact.startsWith('+')) text = compact;
  // Bare digits: a wa_id (international without "+") unless a default country says it is national.
  // Digits typed with separators ("600 111 222") are a person's national number, not a wa_id:
  // without a country to read them in they are refused rather than guessed.
  else if (!defaultCountry) {
    if (compact !== text) return null;
    text = `+${compact}`;
  }
  else text = compact;

  const parsed = parsePhoneNumberFromString(text, defaultCountry?.toUpperCase() as CountryCode | undefined);
  if (parsed?.isPossible()) {
    const e164 = parsed.number as string;
    return { e164, waId: e164.slice(1) };
  }
  // A national number that is not possible in the default country may still be a wa_id.
  if (defaultCountry && !text.startsWith('+')) return normalizePhone(compact);
  // Meta's own ids are kept even where libphonenumber disagrees (Mexico's "521…" wa_ids are
  // "too long" for it): any 8–15 digit international number with a known country code.
  const digits = text.replace(/^\+/, '');
  if (text.startsWith('+') && /^[1-9]\d{7,14}$/.test(digits) && parsed?.countryCallingCode) {
    return { e164: `+${digits}`, waId: digits };
  }
  return null;
}

/**
 * The E.164 forms under which the same WhatsApp user may be stored
 * (docs/whatsapp-cloud-api.md#user-phone-numbers):
 * Brazil with and without the mobile "9", Mexico `+521…` vs `+52…`, Argentina `+549…` vs `+54…`.
 * Used to find an existing customer whatever form was saved first.
 */
export function phoneVariants(e164: string): string[] {
  const variants = new Set([e164]);
  const digits = e164.replace(/^\+/, '');
  // Brazil: 55 + 2-digit area + 9 + 8 digits (13) ⇄ 55 + area + 8 digits (12).
  if (digits.startsWith('55')) {
    if (digits.length === 13 && digits[4] === '9') variants.add(`+${digits.slice(0, 4)}${digits.slice(5)}`);
    if (digits.length === 12 && /[6-9]/.test(digits[4])) variants.add(`+${digits.slice(0, 4)}9${digits.slice(4)}`);
  }
  // Mexico: 521 + 10 digits ⇄ 52 + 10 digits.
  if (digits.startsWith('521') && digits.length === 13) variants.add(`+52${digits.slice(3)}`);
  if (digits.startsWith('52') && !digits.startsWith('521') && digits.length === 12) variants.add(`+521${digits.slice(2)}`);
  // Argentina: 549 + 10 digits ⇄ 54 + 10 digits.
  if (digits.startsWith('549') && digits.length === 13) variants.add(`+54${digits.slice(3)}`);
  if (digits.startsWith('54') && !digits.startsWith('549') && digits.length === 12) variants.add(`+549${digits.slice(2)}`);
  return [...variants];
}

/** The ISO country of a number ("+34 600 000 001" → ES); null when it cannot tell (e.g. +1 without an area code it knows). */
export function countryOfNumber(display: string | null | undefined): string | null {
  if (!display) return null;
  const parsed = parsePhoneNumberFromString(display.trim().startsWith('+') ? display : `+${display.replace(/\D/g, '')}`);
  return parsed?.country ?? null;
}

/** `+34611223344` → `+34 611 22 33 44` (as written in its country); the input when it cannot tell. */
export function formatInternational(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
