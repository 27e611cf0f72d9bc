import { useCallback, useEffect, useState } from 'react';

/**
 * Text typed in a composer, kept in sessionStorage per conversation: it survives a failed send,
 * switching conversations, a reload and the live refreshes around it. Cleared only after a send
 * the server accepted.
 */
export function useDraft(key: string): [string, (value: string) => void, () => void] {
  const storageKey = `whatsapp:draft:${key}`;
  const read = () => {
    try {
      return window.sessionStorage.getItem(storageKey) ?? '';
    } catch {
      return '';
    }
  };
  const [value, setValue] = useState(read);

  useEffect(() => setValue(read()), [storageKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const update = useCallback(
    (next: string) => {
      setValue(next);
      try {
        if (next) window.sessionStorage.setItem(storageKey, next);
        else window.sessionStorage.removeItem(storageKey);
      } catch {
        /* storage full or disabled: the text still lives in memory */
      }
    },
    [storageKey]
  );
  const clear = useCallback(() => update(''), [update]);
  return [value, update, clear];
}
