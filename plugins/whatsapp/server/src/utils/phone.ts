import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * One phone normaliser for the whole plugin. Meta sends WhatsApp ids as digits without `+`
 * (`34600111222`); people type `+34 600 11 12 22`, `0034600111222` or a national number. Both
 * sides meet on E.164 (`+34600111222`) for storage and on the digits (`waId`) for Meta.
 */
export interface NormalizedPhone {
  /** E.164, e.g. +34600111222 */
  e164: string;
  /** The same number as WhatsApp writes it: digits only, country code first. */
  waId: string;
}

/**
 * Parses `input` into E.164. A number without a country code is read with `defaultCountry`
 * (ISO 3166 alpha-2, e.g. 'ES'); without one, only international input (`+…`, `00…`, or the bare
 * digits of a WhatsApp id) is accepted. Returns null for anything that is not a possible number.
 */
export function normalizePhone(input: unknown, defaultCountry?: string): NormalizedPhone | null {
  if (typeof input !== 'string' && typeof input !== 'number') return null;
  const raw = String(input).trim();
  if (raw === '' || raw.length > 40 || !/^[+\d\s\-().]+$/.test(raw)) return null;

  let candidate = raw.replace(/[\s\-().]/g, '');
  if (candidate.startsWith('00')) candidate = `+${candidate.slice(2)}`;
  const country = defaultCountry ? (defaultCountry.toUpperCase() as CountryCode) : undefined;
  // Bare digits with no country to read them in are a WhatsApp id: country code first.
  if (!candidate.startsWith('+') && !country) candidate = `+${candidate}`;

  const parsed = parsePhoneNumberFromString(candidate, country);
  if (parsed?.isPossible()) return { e164: parsed.number, waId: parsed.number.slice(1) };

  // Mexican WhatsApp ids keep the old mobile prefix: wa_id 521 + 10 digits is E.164 +52 + 10 digits.
  const mexican = /^\+521(\d{10})$/.exec(candidate);
  if (mexican) {
    const modern = parsePhoneNumberFromString(`+52${mexican[1]}`);
    if (modern?.isPossible()) return { e164: modern.number, waId: candidate.slice(1) };
  }
  return null;
}
