import { z } from 'zod';

/**
 * The one pagination shape (`meta.pagination` of the paged admin and REST lists) and the one
 * `page` / `pageSize` query schema they are read with. Each list keeps its own defaults, limits
 * and error messages through the options; the fields are built here only.
 */

/** `meta.pagination` of a paged list (the webhook event log answers it as `pagination`). */
export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

/** The page query as a caller sends it. */
export interface PageQuery {
  page?: number;
  pageSize?: number;
}

/** Error messages in place of zod's own ("Expected number, received nan", …); each is optional. */
export interface PageQueryMessages {
  /** Not a number at all. */
  notANumber?: string;
  /** A fraction. */
  notWhole?: string;
  /** 0 or less. */
  belowOne?: string;
  /** Over the limit; receives the limit. */
  tooLarge?: (max: number) => string;
}

/** Short plain-words messages ("must be at most 100") for lists that answer them. */
export const PLAIN_PAGE_MESSAGES: Required<PageQueryMessages> = {
  notANumber: 'must be a number',
  notWhole: 'must be a whole number',
  belowOne: 'must be at least 1',
  tooLarge: (max) => `must be at most ${max}`,
};

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export interface PageQueryOptions {
  /** pageSize when the query has none (25). */
  defaultPageSize?: number;
  /** The largest pageSize (100). */
  maxPageSize?: number;
  /** The largest page number; none when absent. */
  maxPage?: number;
  messages?: PageQueryMessages;
  /**
   * false (default): query text is read with `Number()` (zod's coerce: `' 2 '` and `'1e1'` pass).
   * true: only text made of digits becomes a number; other text is refused as not a number.
   */
  digitsOnly?: boolean;
}

type CoercedField = z.ZodDefault<z.ZodNumber>;
type DigitsField = z.ZodEffects<z.ZodDefault<z.ZodNumber>, number, unknown>;

function pageNumber(fallback: number, max: number | undefined, options: PageQueryOptions): CoercedField | DigitsField {
  const messages = options.messages ?? {};
  const typeParams = messages.notANumber !== undefined ? { invalid_type_error: messages.notANumber } : undefined;
  let field = (options.digitsOnly ? z.number(typeParams) : z.coerce.number(typeParams)).int(messages.notWhole).min(1, messages.belowOne);
  if (max !== undefined) field = field.max(max, messages.tooLarge?.(max));
  if (!options.digitsOnly) return field.default(fallback);
  return z.preprocess((value) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value), field.default(fallback));
}

/**
 * The `page` and `pageSize` fields of a list's query schema, to spread into its `z.object({…})`:
 * page ≥ 1 (default 1), 1 ≤ pageSize ≤ maxPageSize (default defaultPageSize), whole numbers.
 */
export function pageQuery(options?: PageQueryOptions & { digitsOnly?: false }): { page: CoercedField; pageSize: CoercedField };
export function pageQuery(options: PageQueryOptions & { digitsOnly: true }): { page: DigitsField; pageSize: DigitsField };
export function pageQuery(options: PageQueryOptions = {}) {
  return {
    page: pageNumber(1, options.maxPage, options),
    pageSize: pageNumber(options.defaultPageSize ?? DEFAULT_PAGE_SIZE, options.maxPageSize ?? MAX_PAGE_SIZE, options),
  };
}

/** The page query on its own (defaults 1 and 25, pageSize at most 100), for a list with no other filters. */
export const pageQuerySchema = z.object(pageQuery()).strict();
