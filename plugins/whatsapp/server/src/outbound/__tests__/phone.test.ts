import { normalizePhone } from '../../utils/phone';

describe('normalizePhone', () => {
  it.each([
    ['+34 600 11 12 22', undefined, '+34600111222'],
    ['0034-600-111-222', undefined, '+34600111222'],
    ['34600111222', undefined, '+34600111222'],
    ['600 111 222', 'ES', '+34600111222'],
    ['(415) 555-2671', 'US', '+14155552671'],
  ])('%s → %s', (input, country, e164) => {
    expect(normalizePhone(input, country)).toEqual({ e164, waId: e164.slice(1) });
  });

  it.each(['', 'abc', '+34 12', '600 111 222', '+', '++34600111222'])('refuses %p', (input) => {
    expect(normalizePhone(input)).toBeNull();
  });
});
