import { formatValue, toLocale } from '../format';

describe('formatValue', () => {
  it('formats currency amounts in the tenant language', () => {
    // Spanish groups thousands from 5 digits on, with a no-break space before the euro sign.
    expect(formatValue(12500, { format: 'currency', currency: 'EUR', locale: 'es' })).toEqual({ ok: true, text: '12.500,00\u00a0€' });
    expect(formatValue('1250.5', { format: 'currency', currency: 'EUR', locale: 'en' })).toEqual({ ok: true, text: '€1,250.50' });
  });

  it('needs a currency code and a number', () => {
    expect(formatValue(10, { format: 'currency', locale: 'es' }).ok).toBe(false);
    expect(formatValue('abc', { format: 'currency', currency: 'EUR', locale: 'es' }).error).toMatch(/not a number/);
  });

  it('formats calendar dates without shifting the day', () => {
    expect(formatValue('2026-10-12', { format: 'auto', attributeType: 'date', locale: 'es' })).toEqual({ ok: true, text: '12 de octubre de 2026' });
    expect(formatValue('2026-10-12', { format: 'date', locale: 'eu' }).ok).toBe(true);
  });

  it('formats date-times with the time in the given zone', () => {
    const result = formatValue('2026-10-12T08:30:00.000Z', { format: 'auto', attributeType: 'datetime', locale: 'en', timeZone: 'Europe/Madrid' });
    expect(result).toEqual({ ok: true, text: 'October 12, 2026 at 10:30 AM' });
  });

  it('auto formats numbers and leaves text alone', () => {
    expect(formatValue(1234.5, { format: 'auto', attributeType: 'decimal', locale: 'en' }).text).toBe('1,234.5');
    expect(formatValue('PO-7', { format: 'auto', attributeType: 'string', locale: 'es' }).text).toBe('PO-7');
  });

  it('shows related records by name', () => {
    expect(formatValue({ documentId: 'x', name: 'Harinas' }, { format: 'auto', attributeType: 'relation', locale: 'es' }).text).toBe('Harinas');
  });
});

describe('toLocale', () => {
  it('turns template language codes into BCP 47', () => {
    expect(toLocale('en_US')).toBe('en-US');
    expect(toLocale('es')).toBe('es');
    expect(toLocale('')).toBe('en');
    expect(toLocale('not a locale!')).toBe('en');
  });
});
