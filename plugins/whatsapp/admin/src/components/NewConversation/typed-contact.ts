import { formatInternational, normalizePhone, type NormalizedPhone } from '../../../../shared/phone';

/**
 * What the agent typed in the New conversation box: nothing, words to search customers by, or a
 * phone number, read with the server's own rules (shared/phone.ts) in the sender's country, so a
 * number the dialog accepts is one the server accepts.
 */
export type TypedContact =
  | { kind: 'empty' }
  | { kind: 'search'; search: string }
  | { kind: 'phone'; search: string; phone: NormalizedPhone; formatted: string }
  | { kind: 'invalid-phone'; search: string };

/** Only digits, "+" and the separators people type: a phone, not a name. */
const PHONE_LIKE = /^\+?[\d\s\-().\/]+$/;

export function readTyped(text: string, country?: string | null): TypedContact {
  const search = text.trim();
  if (!search) return { kind: 'empty' };
  const digits = search.replace(/\D/g, '');
  if (!PHONE_LIKE.test(search) || digits.length < 3) return { kind: 'search', search };
  const phone = normalizePhone(search, country ?? undefined);
  if (!phone) return { kind: 'invalid-phone', search };
  return { kind: 'phone', search, phone, formatted: formatInternational(phone.e164) };
}
