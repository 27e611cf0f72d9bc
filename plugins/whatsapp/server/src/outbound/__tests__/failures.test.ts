import { GraphApiError, GraphTransportError } from '../../core/graph';
import { backoffMs, classifySendFailure, classifyUploadFailure } from '../failures';

const apiError = (code: number, extra: Partial<ConstructorParameters<typeof GraphApiError>[0]> = {}) =>
  new GraphApiError({ code, title: `title ${code}`, httpStatus: 400, method: 'POST', path: '/v25.0/1/messages', ...extra });
const transport = (kind: 'timeout' | 'connection' | 'invalid_response', reason: string, httpStatus?: number) =>
  new GraphTransportError({ kind, reason, method: 'POST', path: '/v25.0/1/messages', httpStatus });

describe('send failures', () => {
  it.each([130429, 131056, 131000, 131016, 131057, 2, 4, 80007, 133004])('retries %i', (code) => {
    expect(classifySendFailure(apiError(code)).decision).toBe('retry');
  });

  it.each([131026, 131047, 131049, 131050, 132000, 132001, 132012, 190, 100, 368, 0])('fails %i at once, keeping Meta’s code and title', (code) => {
    const record = classifySendFailure(apiError(code, { details: 'from Meta' }));
    expect(record).toMatchObject({ decision: 'fail', code, title: `title ${code}`, details: 'from Meta' });
  });

  it('retries when the request never left (refused, DNS) and on proxy error pages', () => {
    expect(classifySendFailure(transport('connection', 'ECONNREFUSED')).decision).toBe('retry');
    expect(classifySendFailure(transport('connection', 'ENOTFOUND')).decision).toBe('retry');
    expect(classifySendFailure(transport('invalid_response', 'HTTP 502 without a Graph API error body', 502)).decision).toBe('retry');
  });

  it('sends an unknown outcome to review instead of resending (timeout, reset, gateway timeout)', () => {
    expect(classifySendFailure(transport('timeout', 'no answer within 15000 ms')).decision).toBe('review');
    expect(classifySendFailure(transport('connection', 'ECONNRESET')).decision).toBe('review');
    expect(classifySendFailure(transport('invalid_response', 'HTTP 504', 504)).decision).toBe('review');
  });

  it('retries any transient media upload problem: no message was sent', () => {
    expect(classifyUploadFailure(transport('timeout', 'no answer')).decision).toBe('retry');
    expect(classifyUploadFailure(apiError(131053)).decision).toBe('fail');
  });
});

describe('back-off', () => {
  it('grows exponentially with jitter between half and the full delay', () => {
    expect(backoffMs(1, { code: 131000 }, () => 0)).toBe(1000);
    expect(backoffMs(1, { code: 131000 }, () => 1)).toBe(2000);
    expect(backoffMs(3, { code: 131000 }, () => 1)).toBe(8000);
    expect(backoffMs(30, { code: 131000 }, () => 1)).toBe(15 * 60 * 1000);
  });

  it('uses 4^X seconds for the pair rate limit (131056)', () => {
    expect(backoffMs(1, { code: 131056 }, () => 1)).toBe(1000);
    expect(backoffMs(3, { code: 131056 }, () => 1)).toBe(16000);
  });

  it('never retries sooner than Retry-After', () => {
    expect(backoffMs(1, { code: 130429, retryAfterSeconds: 30 }, () => 0)).toBe(30000);
  });
});
