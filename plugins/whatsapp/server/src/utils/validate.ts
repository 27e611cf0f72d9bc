import { errors } from '@strapi/utils';
import type { z } from 'zod';

/**
 * Parses input with a zod schema and turns a failure into Strapi's ValidationError (400), whose
 * message names the first problem and whose details list all of them. A raw ZodError would reach
 * Strapi's error middleware as an unknown error and answer 500.
 */
export function validate<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    path: issue.path.map(String),
    message: issue.code === 'unrecognized_keys' ? `Unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
  const first = problems[0];
  const where = first.path.length ? `${first.path.join('.')}: ` : '';
  throw new errors.ValidationError(`${where}${first.message}`, { errors: problems });
}
