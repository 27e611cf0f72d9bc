import { z } from 'zod';

/** A date or date-time query parameter (`2026-01-31`, `2026-01-31T10:00:00Z`), as lists filter by it. */
export const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'must be an ISO date (2026-01-31) or date-time')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a valid date');
