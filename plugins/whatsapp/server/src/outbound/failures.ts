import { GraphApiError, GraphTransportError, explainGraphError } from '../core/graph';

/**
 * What to do after a failed send attempt (docs/whatsapp-cloud-api.md#retry-guidance, #errors):
 * - `retry`: Meta said "later" (throughput, pair limit, temporary outage: `GraphApiError.retryable`)
 *   or the request never reached Meta (connection refused, DNS): try again after a back-off;
 * - `fail`: Meta refused for good (131026, 131047, 132000, 190, 100 …): record Meta's code, title
 *   and details, never retry on our own;
 * - `review`: the outcome is unknown (a timeout or a connection cut after the request left), so
 *   Meta may have accepted the message. It is not resent silently: a person decides.
 */
export type FailureDecision = 'retry' | 'fail' | 'review';

export interface FailureRecord {
  decision: FailureDecision;
  code: number | null;
  title: string;
  details: string | null;
  retryAfterSeconds?: number;
}

/** Errors raised before the request could leave this machine. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);

export function classifySendFailure(error: unknown): FailureRecord {
  if (error instanceof GraphApiError) {
    return {
      decision: error.retryable ? 'retry' : 'fail',
      code: error.code,
      title: error.title,
      details: error.details ?? explainGraphError(error.code),
      retryAfterSeconds: error.retryAfterSeconds,
    };
  }
  if (error instanceof GraphTransportError) {
    if (error.kind === 'connection' && NEVER_SENT.has(error.reason)) {
      return { decision: 'retry', code: null, title: 'Could not reach the WhatsApp API', details: error.message };
    }
    if (error.kind === 'invalid_response' && error.httpStatus !== undefined && error.httpStatus !== 504) {
      // An HTTP error page (a proxy's 502/503) is an answer: the message was not accepted.
      return { decision: 'retry', code: null, title: `The WhatsApp API answered HTTP ${error.httpStatus}`, details: error.message };
    }
    return {
      decision: 'review',
      code: null,
      title: 'Outcome unknown: no answer from the WhatsApp API',
      details: `${error.message}. The message may have been sent; it is not resent automatically. Check the conversation, then retry or leave it.`,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { decision: 'fail', code: null, title: 'The message could not be prepared', details: message };
}

/** Uploading media never sends a message, so any transient upload problem is safe to retry. */
export function classifyUploadFailure(error: unknown): FailureRecord {
  const record = classifySendFailure(error);
  if (record.decision === 'review') return { ...record, decision: 'retry', title: 'Media upload did not complete' };
  return record;
}

const BASE_DELAY_MS = 2000;
const MAX_DELAY_MS = 15 * 60 * 1000;
/** Meta's pair rate limit: retry after 4^X seconds (X = 0, 1, 2 …). */
const PAIR_LIMIT_CODE = 131056;

/**
 * Exponential back-off with "equal jitter" (half fixed, half random) so that messages failing
 * together do not come back together, never sooner than Meta's Retry-After.
 * `attempt` is the number of attempts made so far (1 after the first failure).
 */
export function backoffMs(attempt: number, failure: Pick<FailureRecord, 'code' | 'retryAfterSeconds'>, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const base = failure.code === PAIR_LIMIT_CODE ? 1000 * 4 ** exponent : BASE_DELAY_MS * 2 ** exponent;
  const capped = Math.min(MAX_DELAY_MS, base);
  const jittered = capped / 2 + random() * (capped / 2);
  const floor = failure.retryAfterSeconds !== undefined ? failure.retryAfterSeconds * 1000 : 0;
  return Math.round(Math.max(jittered, floor));
}
