/**
 * U+0000 (NUL) is the one character PostgreSQL cannot store: a `text` column refuses it
 * (`invalid byte sequence for encoding "UTF8": 0x00`) and `jsonb` refuses even its escape
 * (`unsupported Unicode escape sequence`), so one NUL in a webhook's id or text would make every
 * write of that event fail, on PostgreSQL only. SQLite stores it, which would let the two
 * databases disagree: the plugin treats it the same way on both.
 *
 * - Webhooks cannot be refused (Meta would redeliver the event for days): every NUL in a string
 *   or an object key of the payload is replaced by U+FFFD (the Unicode replacement character, a
 *   visible mark that a character was dropped) before anything is applied, and each replacement
 *   is noted on the webhook event. The raw body is stored as received: JSON carries a NUL only
 *   escaped (`\u0000`, six ASCII characters), which a text column accepts.
 * - Sends are refused (400, naming the field): the caller can fix its text, and silently
 *   changing what a person wrote to a customer would be worse.
 */

export const NUL = '\u0000';
export const REPLACEMENT = '\uFFFD';

const NUL_PATTERN = /\u0000/g;

export function hasNul(text: string): boolean {
  return text.includes(NUL);
}

/** The text with every U+0000 replaced by U+FFFD. */
export function storableText(text: string): string {
  return text.includes(NUL) ? text.replace(NUL_PATTERN, REPLACEMENT) : text;
}

/** `a.b[2].c` style paths, as the webhook event's notes and the 400 answers show them. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(storableText(key))}]`;
}

/**
 * A copy of a parsed JSON value with U+0000 replaced in every string and key; `onReplace` is
 * called with the path of each string (or key) that had one. Values that hold no NUL are
 * returned as they are (no copy).
 */
export function replaceNul<T>(value: T, onReplace: (path: string) => void, path = ''): T {
  if (typeof value === 'string') {
    if (!hasNul(value)) return value;
    onReplace(path);
    return storableText(value) as unknown as T;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const cleaned = replaceNul(item, onReplace, childPath(path, i));
      if (cleaned !== item) (copy ??= [...value])[i] = cleaned;
    });
    return (copy ?? value) as unknown as T;
  }
  if (value && typeof value === 'object') {
    let copy: Record<string, unknown> | undefined;
    const entries = Object.entries(value as Record<string, unknown>);
    for (const [key, item] of entries) {
      const at = childPath(path, key);
      const cleaned = replaceNul(item, onReplace, at);
      if (hasNul(key)) {
        onReplace(`${at} (key)`);
        copy ??= { ...(value as Record<string, unknown>) };
        delete copy[key];
        copy[storableText(key)] = cleaned;
      } else if (cleaned !== item) {
        (copy ??= { ...(value as Record<string, unknown>) })[key] = cleaned;
      }
    }
    return (copy ?? value) as T;
  }
  return value;
}

/** The path of the first string (or key) holding U+0000 in a request body, or undefined. */
export function findNul(value: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (typeof value === 'string') return hasNul(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findNul(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (hasNul(key)) return [...path, storableText(key)];
      const found = findNul(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}
