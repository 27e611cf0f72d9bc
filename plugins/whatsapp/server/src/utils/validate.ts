import { errors } from '@strapi/utils';
import type { z } from 'zod';

/**
 * Parses input with a zod schema and turns a failure into Strapi's ValidationError (400 with
 * `details.errors[{path, message}]`), so a bad request never surfaces as a 500 (STYLE.md).
 */
export function validate<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String),
    message: issue.code === 'unrecognized_keys' ? `Unknown parameter(s): ${issue.keys.join(', ')}` : issue.message,
    name: 'ValidationError',
  }));
  const summary = issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
  throw new errors.ValidationError(summary, { errors: issues });
}
