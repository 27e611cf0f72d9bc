import type { BodyExamples, TemplateButton } from './types';

/**
 * The JSON fields (`buttons`, `bodyExamples`) arrive as whatever an editor typed or an API sent.
 * These helpers read them tolerantly (camelCase or Meta's snake_case) into one shape, and report
 * "not readable" rather than throwing, so lint can say which field to fix.
 */

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

/** JSON fields may hold a JSON string (an API client that double-encoded); parse it once. */
function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return value;
  }
}

export type Readable<T> = { ok: true; value: T } | { ok: false };

export function readButtons(value: unknown): Readable<TemplateButton[]> {
  const raw = parsed(value);
  if (raw === undefined || raw === null) return { ok: true, value: [] };
  if (!Array.isArray(raw)) return { ok: false };
  const buttons: TemplateButton[] = [];
  for (const item of raw) {
    if (!isObject(item)) return { ok: false };
    const example = Array.isArray(item.example) ? str(item.example[0]) : str(item.example);
    buttons.push({
      type: (str(item.type) ?? '').trim().toUpperCase(),
      ...(str(item.text) !== undefined ? { text: str(item.text) } : {}),
      ...(str(item.url) !== undefined ? { url: str(item.url) } : {}),
      ...(example !== undefined ? { example } : {}),
      ...(str(item.phoneNumber ?? item.phone_number) !== undefined
        ? { phoneNumber: str(item.phoneNumber ?? item.phone_number) }
        : {}),
      ...(isObject(item.raw) ? { raw: item.raw } : {}),
    });
  }
  return { ok: true, value: buttons };
}

/**
 * Positional: a list (`["Lucy"]`) or a map keyed "1", "2"…; named: a map (`{first_name: "Lucy"}`)
 * or Meta's `[{param_name, example}]`. Always returns a map from variable name to example.
 */
export function readExamples(value: unknown): Readable<Record<string, string>> {
  const raw = parsed(value);
  if (raw === undefined || raw === null || raw === '') return { ok: true, value: {} };
  const out: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (let i = 0; i < raw.length; i += 1) {
      const item = raw[i];
      if (isObject(item) && typeof item.param_name === 'string') {
        const example = str(item.example);
        if (example === undefined) return { ok: false };
        out[item.param_name] = example;
      } else {
        const example = str(item);
        if (example === undefined) return { ok: false };
        out[String(i + 1)] = example;
      }
    }
    return { ok: true, value: out };
  }
  if (isObject(raw)) {
    for (const [key, item] of Object.entries(raw)) {
      const example = str(item);
      if (example === undefined) return { ok: false };
      out[key] = example;
    }
    return { ok: true, value: out };
  }
  return { ok: false };
}

/** The stored shape for examples: a list for positional templates, a map for named ones. */
export function examplesForStorage(examples: Record<string, string>, names: string[], named: boolean): BodyExamples {
  if (named) return Object.fromEntries(names.map((name) => [name, examples[name] ?? '']));
  return names.map((name) => examples[name] ?? '');
}
