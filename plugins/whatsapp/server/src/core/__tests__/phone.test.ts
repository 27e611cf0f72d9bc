import { normalizePhone, phoneVariants } from '../phone';

describe('normalizePhone', () => {
  it.each([
    ['+34 600 12 34 56', '+34600123456'],
    ['0034 600-12-34-56', '+34600123456'],
    ['34600123456', '+34600123456'], // Meta's wa_id
    ['+1 (631) 555-1234', '+16315551234'],
    ['5511987654321', '+5511987654321'],
    ['5215512345678', '+5215512345678'], // a Mexican wa_id libphonenumber calls too long
  ])('%s → %s', (input, e164) => {
    expect(normalizePhone(input)).toEqual({ e164, waId: e164.slice(1) });
  });

  it.each(['600 111 222', '(415) 555-2671', '++34600111222', '+'])(
    'refuses %p without a country: typed national digits are not a wa_id',
    (input) => {
      expect(normalizePhone(input)).toBeNull();
    }
  );

  it('reads national numbers with a default country', () => {
    expect(normalizePhone('600 12 34 56', 'ES')).toEqual({ e164: '+34600123456', waId: '34600123456' });
    expect(normalizePhone('(631) 555-1234', 'us')?.e164).toBe('+16315551234');
  });

  it.each([[''], ['   '], ['call me'], ['+34 600'], ['12'], [null], [undefined], [{}], ['+34 600 12 34 56 ext 7']])('rejects %p', (input) => {
    expect(normalizePhone(input as any)).toBeNull();
  });
});

describe('phoneVariants', () => {
  it('Brazil with and without the mobile 9', () => {
    expect(phoneVariants('+5511987654321')).toEqual(['+5511987654321', '+551187654321']);
    expect(phoneVariants('+551187654321')).toEqual(['+551187654321', '+5511987654321']);
  });
  it('Mexico 521 ⇄ 52', () => {
    expect(phoneVariants('+5215512345678')).toEqual(['+5215512345678', '+525512345678']);
    expect(phoneVariants('+525512345678')).toEqual(['+525512345678', '+5215512345678']);
  });
  it('Argentina 549 ⇄ 54', () => {
    expect(phoneVariants('+5491123456789')).toEqual(['+5491123456789', '+541123456789']);
  });
  it('other countries have one form', () => {
    expect(phoneVariants('+34600123456')).toEqual(['+34600123456']);
  });
});
