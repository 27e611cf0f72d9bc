/**
 * The 24-hour customer service window per (business number, user): it opens or refreshes each
 * time the user writes. Outside it, only templates may be sent (error 131047).
 */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

export const digitsOf = (phone: string): string => phone.replace(/\D/g, '');

/** A business-scoped user id (BSUID), not a phone number. */
export const isUserId = (value: string): boolean => /^[A-Z]{2}\./.test(value);

export class ConversationWindows {
  private readonly lastInbound = new Map<string, number>();

  open(phoneNumberId: string, waId: string, at = Date.now()): void {
    const key = this.key(phoneNumberId, waId);
    // A late-arriving older message must not shorten a window a newer one opened.
    this.lastInbound.set(key, Math.max(at, this.lastInbound.get(key) ?? -Infinity));
  }

  isOpen(phoneNumberId: string, waId: string, now = Date.now()): boolean {
    const at = this.lastInbound.get(this.key(phoneNumberId, waId));
    return at !== undefined && now - at < WINDOW_MS;
  }

  clear(): void {
    this.lastInbound.clear();
  }

  /** A wa_id by its digits; a BSUID (letters and dots: `US.1349…`) as it is. */
  private key(phoneNumberId: string, waId: string): string {
    return `${phoneNumberId}:${isUserId(waId) ? waId : digitsOf(waId)}`;
  }
}

/**
 * Whether a free-form message may go to the user now: the window this sandbox saw opening, or else
 * the one recorded outside it (SandboxOptions.lastInboundAt), which is then remembered. A lookup
 * that fails counts as no window, as Meta's answer would be the same.
 */
export async function windowIsOpen(
  windows: ConversationWindows,
  lookup: ((phoneNumberId: string, waId: string) => Promise<number | undefined> | number | undefined) | undefined,
  phoneNumberId: string,
  waId: string,
  log: (line: string) => void
): Promise<boolean> {
  if (windows.isOpen(phoneNumberId, waId)) return true;
  if (!lookup || !waId) return false;
  let at: number | undefined;
  try {
    at = await lookup(phoneNumberId, isUserId(waId) ? waId : digitsOf(waId));
  } catch (error) {
    log(`window lookup failed for ${phoneNumberId}/${waId}: ${(error as Error).message}`);
    return false;
  }
  if (at === undefined || !Number.isFinite(at)) return false;
  windows.open(phoneNumberId, waId, at);
  return windows.isOpen(phoneNumberId, waId);
}
