/**
 * The admin's handling of WhatsApp text (unit level; the e2e spec checks it in Chromium): links
 * only for http(s), trailing punctuation left out, and no component renders raw HTML.
 */
import fs from 'fs';
import path from 'path';
import { safeHref, splitLinks } from '../../plugins/whatsapp/admin/src/components/Timeline/SafeText';

const ADMIN_SRC = path.resolve(__dirname, '../../plugins/whatsapp/admin/src');

const sourcesUnder = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(full);
    return /\.(tsx?|jsx?)$/.test(entry.name) ? [full] : [];
  });

describe('admin: WhatsApp text is text', () => {
  it('turns http(s) URLs into links and leaves the rest as text', () => {
    expect(splitLinks('See https://example.com/a?b=1, then reply.')).toEqual([
      { text: 'See ' },
      { text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { text: ', then reply.' },
    ]);
    expect(splitLinks('(wiki https://en.wikipedia.org/wiki/Bread_(food))')[1]).toEqual({
      text: 'https://en.wikipedia.org/wiki/Bread_(food)',
      href: 'https://en.wikipedia.org/wiki/Bread_(food)',
    });
    expect(splitLinks('no links here')).toEqual([{ text: 'no links here' }]);
  });

  it('never links other schemes or markup', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', '<a href="https://x.test">x</a>', 'vbscript:msgbox']) {
      const parts = splitLinks(text);
      for (const part of parts) if (part.href) expect(part.href).toMatch(/^https?:\/\//);
    }
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('https://ok.test/path')).toBe('https://ok.test/path');
    // A quote right after a URL ends it: the attribute-breaking part stays text.
    expect(splitLinks('https://x.test/"onmouseover="alert(1)')[0]).toEqual({ text: 'https://x.test/', href: 'https://x.test/' });
  });

  it('has no dangerouslySetInnerHTML anywhere in the plugin admin', () => {
    const offenders = sourcesUnder(ADMIN_SRC).filter((file) => fs.readFileSync(file, 'utf8').includes('dangerouslySetInnerHTML'));
    expect(offenders).toEqual([]);
  });
});
