/**
 * Template variables: `{{1}}` (positional) or `{{first_name}}` (named). Pure string work shared by
 * lint, the Meta conversion and the preview.
 */

export interface VariableToken {
  /** What is between the braces, untouched (may be invalid, e.g. " 1 "). */
  name: string;
  /** Offset of the opening `{{` in the text. */
  start: number;
  /** Offset just after the closing `}}`. */
  end: number;
}

const TOKEN = /\{\{([^{}]*)\}\}/g;
export const POSITIONAL_NAME = /^[1-9][0-9]*$/;
/** Meta: named parameters are lowercase letters, digits and underscores, not starting with a digit. */
export const NAMED_NAME = /^[a-z_][a-z0-9_]*$/;

export function variableTokens(text: string | null | undefined): VariableToken[] {
  if (!text) return [];
  const tokens: VariableToken[] = [];
  for (const match of text.matchAll(TOKEN)) {
    tokens.push({ name: match[1], start: match.index ?? 0, end: (match.index ?? 0) + match[0].length });
  }
  return tokens;
}

/** Distinct variable names in order of first appearance ({{1}} used twice counts once, as for Meta). */
export function variableNames(text: string | null | undefined): string[] {
  const names: string[] = [];
  for (const token of variableTokens(text)) if (!names.includes(token.name)) names.push(token.name);
  return names;
}

/**
 * The parameters an approved template expects for a text: its distinct variable names, trimmed,
 * for any input (a template read from Meta may carry anything). Used where parameters are counted
 * against a template: the send checks and the sandbox's 132000 check.
 */
export function variablesOf(text: unknown): string[] {
  if (typeof text !== 'string') return [];
  const names: string[] = [];
  for (const token of variableTokens(text)) {
    const name = token.name.trim();
    if (/^[A-Za-z0-9_]+$/.test(name) && !names.includes(name)) names.push(name);
  }
  return names;
}

/** `{{` or `}}` left over once the well-formed tokens are removed: an unclosed or stray brace pair. */
export function hasStrayBraces(text: string | null | undefined): boolean {
  if (!text) return false;
  const rest = text.replace(TOKEN, ' ');
  return rest.includes('{{') || rest.includes('}}');
}

/** Replaces each `{{name}}` with `lookup(name)`; an undefined result keeps the token as written. */
export function substitute(text: string, lookup: (name: string) => string | undefined): string {
  return text.replace(TOKEN, (whole, name: string) => {
    const value = lookup(name);
    return value === undefined ? whole : value;
  });
}
