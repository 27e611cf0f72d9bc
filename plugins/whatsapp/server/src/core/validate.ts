import { errors } from '@strapi/utils';
import type { z } from 'zod';

/**
 * Parses input with a zod schema; a failure becomes Strapi's ValidationError (HTTP 400) whose
 * message names the first problem and whose details list all of them with their field paths,
 * instead of a ZodError that Strapi would answer with 500.
 * Mirrors `validateZodSchema` of @strapi/utils, which targets zod v4 (we use zod 3).
 */
export function validate<S extends z.ZodTypeAny>(schema: S, input: unknown, message = 'Invalid request'): z.output<S> {
  // A request without a body (or query) is validated as an empty object, so the answer names the
  // missing fields rather than saying only "Required".
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: issue.path.map(String),
    message: issue.code === 'unrecognized_keys' ? `Unknown field(s): ${issue.keys.join(', ')}` : issue.message,
    name: 'ValidationError',
  }));
  const first = details[0];
  const summary = first ? `${first.path.length ? `${first.path.join('.')}: ` : ''}${first.message}` : message;
  throw new errors.ValidationError(details.length > 1 ? `${summary} (and ${details.length - 1} more)` : summary, {
    errors: details,
  });
}
