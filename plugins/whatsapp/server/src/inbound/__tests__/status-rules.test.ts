import { planStatusUpdate, type IncomingStatus, type MessageStatusState } from '../status-rules';

const t = (s: number) => new Date(1_700_000_000_000 + s * 1000);
const apply = (state: MessageStatusState, incoming: IncomingStatus): MessageStatusState => ({ ...state, ...planStatusUpdate(state, incoming) } as MessageStatusState);

const SENT: IncomingStatus = { status: 'sent', at: t(1), pricing: { category: 'marketing', type: 'regular' } };
const DELIVERED: IncomingStatus = { status: 'delivered', at: t(2) };
const READ: IncomingStatus = { status: 'read', at: t(3) };

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('planStatusUpdate', () => {
  it.each(permutations([SENT, DELIVERED, READ]).map((order) => [order.map((s) => s.status).join(' → '), order]))(
    'every order ends in the same state (%s)',
    (_label, order) => {
      const final = (order as IncomingStatus[]).reduce(apply, { deliveryStatus: 'sending' } as MessageStatusState);
      expect(final).toMatchObject({ deliveryStatus: 'read', sentAt: t(1), deliveredAt: t(2), readAt: t(3), pricingCategory: 'marketing', pricingType: 'regular' });
    }
  );

  it('applying the same status twice changes nothing the second time', () => {
    const once = apply({ deliveryStatus: 'sent' }, DELIVERED);
    expect(planStatusUpdate(once, DELIVERED)).toEqual({});
  });

  it('read implies delivered and sent timestamps until the real ones arrive', () => {
    const read = apply({ deliveryStatus: 'queued' }, READ);
    expect(read).toMatchObject({ deliveryStatus: 'read', sentAt: t(3), deliveredAt: t(3), readAt: t(3) });
    expect(apply(read, DELIVERED)).toMatchObject({ deliveryStatus: 'read', deliveredAt: t(2) });
  });

  it('failed keeps the error, then only a proof of delivery moves on', () => {
    const failed = apply({ deliveryStatus: 'sending' }, { status: 'failed', at: t(5), error: { code: 131047, title: 'Re-engagement message', details: 'More than 24 hours' } });
    expect(failed).toMatchObject({ deliveryStatus: 'failed', failedAt: t(5), errorCode: 131047, errorTitle: 'Re-engagement message', errorDetails: 'More than 24 hours' });
    expect(apply(failed, SENT).deliveryStatus).toBe('failed');
    expect(apply(failed, DELIVERED).deliveryStatus).toBe('delivered');
  });

  it('a failed after read is ignored', () => {
    expect(planStatusUpdate({ deliveryStatus: 'read', readAt: t(3) }, { status: 'failed', at: t(9), error: { code: 131026 } })).toEqual({});
  });

  it('reads stored timestamps whatever their shape (Date, ISO string, epoch ms)', () => {
    expect(planStatusUpdate({ deliveryStatus: 'delivered', deliveredAt: t(2).toISOString(), sentAt: t(1).getTime() }, SENT)).toMatchObject({ pricingCategory: 'marketing' });
    expect(planStatusUpdate({ deliveryStatus: 'delivered', deliveredAt: t(2).toISOString(), sentAt: t(1).getTime() }, SENT)).not.toHaveProperty('sentAt');
  });
});
