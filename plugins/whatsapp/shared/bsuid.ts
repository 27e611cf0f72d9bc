/**
 * Meta's business-scoped user ids (BSUID, 2026): `user_id` / `from_user_id` / `recipient_user_id`
 * in webhooks and `recipient` in sends. A BSUID is a two-letter country code, a dot and up to 128
 * alphanumerics (`US.13491208655302741918`); a parent BSUID (managed businesses) reads
 * `US.ENT.…`. It is never a phone number: Meta drops one given as `to`.
 * https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids/
 */
const BSUID = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;

/** True for a BSUID or a parent BSUID. */
export function isBsuid(value: unknown): boolean {
  return typeof value === 'string' && BSUID.test(value.trim());
}

/** A WhatsApp username as shown to people: `@name` (Meta sends it without the `@`). */
export function displayUsername(username: string | null | undefined): string | null {
  if (!username) return null;
  return username.startsWith('@') ? username : `@${username}`;
}
