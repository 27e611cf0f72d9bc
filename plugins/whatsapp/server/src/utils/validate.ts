import { errors } from '@strapi/utils';
import type { z } from 'zod';

/**
 * Parses input with a zod schema and turns a failure into Strapi's ValidationError (400 with the
 * list of problems), mirroring @strapi/utils' zod helper. A raw ZodError would surface as a 500.
 */
export function validate<S extends z.ZodTypeAny>(schema: S) {
  return (input: unknown): z.infer<S> => {
    const result = schema.safeParse(input);
    if (result.success) return result.data;
    const problems = result.error.issues.map((issue) => ({
      path: issue.path,
      message: issue.message,
      name: 'ValidationError',
    }));
    const summary = problems.map((p) => (p.path.length ? `${p.path.join('.')}: ${p.message}` : p.message)).join('; ');
    throw new errors.ValidationError(summary || 'Validation error', { errors: problems });
  };
}
