import type { ValueFormat } from '../../../shared/contracts/automations';

/**
 * Turns a record's value into the text of a template variable, in the tenant's language: numbers
 * and currency amounts with Intl.NumberFormat, dates with Intl.DateTimeFormat. WhatsApp shows
 * exactly this text (Meta's currency and date_time parameters also end up as their fallback text).
 */

/** Template/tenant language codes (`es`, `en_US`, `pt_BR`) → BCP 47 (`es`, `en-US`, `pt-BR`). */
export function toLocale(language: string | null | undefined): string {
  const candidate = (language ?? '').trim().replace(/_/g, '-');
  if (candidate === '') return 'en';
  try {
    return Intl.getCanonicalLocales(candidate)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

const NUMBER_TYPES = new Set(['integer', 'biginteger', 'decimal', 'float']);
const DATETIME_TYPES = new Set(['datetime', 'timestamp']);

export interface FormatOptions {
  format: ValueFormat;
  /** The Strapi attribute type of the field, which `auto` follows. */
  attributeType?: string;
  locale: string;
  /** ISO 4217 code, for `currency`. */
  currency?: string;
  /** For date-times; the server's zone when absent. */
  timeZone?: string;
}

export type FormatResult = { ok: true; text: string; error?: undefined } | { ok: false; error: string; text?: undefined };

const asNumber = (value: unknown): number | null => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
};

/** `2026-10-12` (a date attribute) is a calendar day: format it in UTC so no zone shifts the day. */
const asDate = (value: unknown): { date: Date; dateOnly: boolean } | null => {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : { date: value, dateOnly: false };
  if (typeof value === 'string' || typeof value === 'number') {
    const dateOnly = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
    const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
    return Number.isNaN(date.getTime()) ? null : { date, dateOnly };
  }
  return null;
};

/** A related record or component as text: its name, title or label, else its documentId. */
function displayOf(value: Record<string, unknown>): string | null {
  for (const key of ['name', 'title', 'label', 'displayName', 'number', 'url', 'documentId']) {
    const candidate = value[key];
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate;
  }
  return null;
}

export function formatValue(value: unknown, options: FormatOptions): FormatResult {
  const { locale } = options;
  let format = options.format;
  if (format === 'auto') {
    const type = options.attributeType ?? '';
    format = NUMBER_TYPES.has(type) ? 'number' : type === 'date' ? 'date' : DATETIME_TYPES.has(type) ? 'datetime' : 'text';
  }

  switch (format) {
    case 'number':
    case 'currency': {
      const number = asNumber(value);
      if (number === null) return { ok: false, error: `${JSON.stringify(value)} is not a number` };
      if (format === 'number') return { ok: true, text: new Intl.NumberFormat(locale).format(number) };
      if (!options.currency) return { ok: false, error: 'no currency code for a currency amount' };
      try {
        return { ok: true, text: new Intl.NumberFormat(locale, { style: 'currency', currency: options.currency }).format(number) };
      } catch {
        return { ok: false, error: `${options.currency} is not a currency code` };
      }
    }
    case 'date':
    case 'datetime': {
      const parsed = asDate(value);
      if (!parsed) return { ok: false, error: `${JSON.stringify(value)} is not a date` };
      const withTime = format === 'datetime' && !parsed.dateOnly;
      const text = new Intl.DateTimeFormat(locale, {
        dateStyle: 'long',
        ...(withTime ? { timeStyle: 'short' } : {}),
        timeZone: parsed.dateOnly ? 'UTC' : options.timeZone,
      }).format(parsed.date);
      return { ok: true, text };
    }
    case 'text':
    default: {
      if (typeof value === 'boolean') return { ok: true, text: value ? 'true' : 'false' };
      if (value instanceof Date) return { ok: true, text: value.toISOString() };
      if (typeof value === 'object' && value !== null) {
        const text = displayOf(value as Record<string, unknown>);
        return text === null ? { ok: false, error: 'the value is a record without a name or title' } : { ok: true, text };
      }
      return { ok: true, text: String(value) };
    }
  }
}
