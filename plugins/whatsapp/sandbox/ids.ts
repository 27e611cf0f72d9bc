import { randomBytes, randomInt } from 'node:crypto';

/**
 * Identifiers that look like Meta's: numeric object ids (media, templates) and `wamid.` message
 * ids. A random start per sandbox keeps ids distinct across sandboxes in one test run.
 */
export class IdFactory {
  private counter = 0;
  // 16 digits, still below Number.MAX_SAFE_INTEGER (9.007e15).
  private readonly numericBase = 1e15 + randomInt(0, 2 ** 30) * 1000;

  numeric(): string {
    this.counter += 1;
    return String(this.numericBase + this.counter);
  }

  wamid(): string {
    this.counter += 1;
    return `wamid.HBgL${randomBytes(15).toString('base64url')}${this.counter.toString(36).toUpperCase()}`;
  }
}
