/**
 * An amount in the rate card's currency (docs/pricing.md), as the statistics page and the
 * "My WhatsApp" cards show it: up to 4 decimals, since one message costs fractions of a cent.
 * An ISO code Intl does not know still shows, as "0.12 XYZ".
 */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}
