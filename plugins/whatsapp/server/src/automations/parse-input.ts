import { errors } from '@strapi/utils';
import type { z } from 'zod';

/** zod → Strapi ValidationError (400, one entry per problem with its field path), never a 500. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message, name: 'ValidationError' }));
  const first = details[0];
  const summary = `${first.path.length ? `${first.path.join('.')}: ` : ''}${first.message}`;
  throw new errors.ValidationError(details.length > 1 ? `${summary} (and ${details.length - 1} more)` : summary, { errors: details });
}
