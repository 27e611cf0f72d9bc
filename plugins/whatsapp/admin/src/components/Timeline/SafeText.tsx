import { Fragment } from 'react';
import { styled } from 'styled-components';

/**
 * Text from WhatsApp, rendered as React text nodes (never as HTML), with http(s) links made
 * clickable. A link opens in a new tab without access to this window (noopener) and without
 * telling the target where it came from (noreferrer); any other scheme (javascript:, data:) stays
 * plain text.
 */

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION_CHAR = /[.,;:!?)\]}'"]/;

export interface TextPart {
  text: string;
  href?: string;
}

export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    const candidate = trimTrailing(match[0]);
    const href = safeHref(candidate);
    if (!href) continue;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: candidate, href });
    last = start + candidate.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** Sentence punctuation after a URL is not part of it; a `)` closing a `(` inside the URL is. */
function trimTrailing(url: string): string {
  let end = url.length;
  while (end > 0 && TRAILING_PUNCTUATION_CHAR.test(url[end - 1])) {
    if (url[end - 1] === ')') {
      const body = url.slice(0, end);
      const opens = body.split('(').length - 1;
      const closes = body.split(')').length - 1;
      if (opens >= closes) break;
    }
    end -= 1;
  }
  return url.slice(0, end);
}

export function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

const Text = styled.span`
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  a {
    color: ${({ theme }) => theme.colors.primary600};
    text-decoration: underline;
  }
`;

export const SafeText = ({ text }: { text: string | null | undefined }) => {
  if (!text) return null;
  return (
    <Text>
      {splitLinks(text).map((part, i) =>
        part.href ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow">
            {part.text}
          </a>
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        )
      )}
    </Text>
  );
};
