import { errors } from '@strapi/utils';
import type { Context } from 'koa';

/**
 * 409: the request is valid but clashes with the current state (a number already assigned).
 * Strapi maps only its own ApplicationError subclasses to statuses and has no ConflictError, so
 * controllers answer it with `ctx.conflict` through `respondWithConflict`.
 */
export class ConflictError extends errors.ApplicationError<'ConflictError', string, Record<string, unknown> | undefined> {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, details);
    this.name = 'ConflictError';
  }
}

/** Runs a controller body; a ConflictError becomes a 409 with Strapi's usual error body. */
export async function respondWithConflict(ctx: Context, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ConflictError) {
      (ctx as any).conflict(error.message, error.details);
      return;
    }
    throw error;
  }
}

/** Whether a database error is a unique-constraint violation (PostgreSQL, SQLite, MySQL). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; message?: string } | undefined;
  if (!e) return false;
  return (
    e.code === '23505' ||
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e.code === 'ER_DUP_ENTRY' ||
    /UNIQUE constraint failed|duplicate key value/i.test(e.message ?? '')
  );
}
