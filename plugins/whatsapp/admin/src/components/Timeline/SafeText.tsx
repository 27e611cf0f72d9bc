import { Fragment } from 'react';
import { styled } from 'styled-components';

/**
 * Text from WhatsApp, rendered as React text nodes (never as HTML), with http(s) links made
 * clickable. A link opens in a new tab without access to this window (noopener) and without
 * telling the target where it came from (noreferrer); any other scheme (javascript:, data:) stays
 * plain text.
 */

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/;

export interface TextPart {
  text: string;
  href?: string;
}

export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    let candidate = match[0];
    const trailing = candidate.match(TRAILING_PUNCTUATION)?.[0] ?? '';
    // Keep a closing parenthesis that belongs to the URL (Wikipedia style).
    if (trailing && !(trailing === ')' && candidate.includes('('))) candidate = candidate.slice(0, -trailing.length);
    const href = safeHref(candidate);
    if (!href) continue;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: candidate, href });
    last = start + candidate.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
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
