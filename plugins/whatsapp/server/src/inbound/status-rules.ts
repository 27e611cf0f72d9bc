/**
 * How a status webhook moves a message, as a pure function so every ordering can be tested.
 *
 * Meta delivers statuses at least once and in any order
 * (docs/whatsapp-cloud-api.md#webhook-delivery, #statuses), so:
 * - the status only moves forward: sent < delivered < read < played;
 * - a later state implies the earlier ones ("read implies delivered"): their timestamps are filled
 *   with the later state's time until the real webhook arrives; every timestamp keeps the earliest
 *   time seen, so a late `sent` after `read` changes nothing but its own timestamp;
 * - `failed` applies to a message not yet delivered and keeps Meta's code, title and details; a
 *   later delivered/read proves delivery and moves it on;
 * - pricing (category, type, model) is kept from whichever status carries it.
 */
export type TrackedStatus = 'sent' | 'delivered' | 'read' | 'played' | 'failed';

export const TRACKED_STATUSES: readonly TrackedStatus[] = ['sent', 'delivered', 'read', 'played', 'failed'];

// Our own pre-webhook states (queued → sending → accepted by Meta's API, or review) all rank below `sent`.
const RANK: Record<string, number> = { queued: 0, sending: 0, accepted: 0, review: 0, sent: 1, delivered: 2, read: 3, played: 4 };

/** The timestamp attribute of each state. */
const AT: Record<TrackedStatus, 'sentAt' | 'deliveredAt' | 'readAt' | 'playedAt' | 'failedAt'> = {
  sent: 'sentAt',
  delivered: 'deliveredAt',
  read: 'readAt',
  played: 'playedAt',
  failed: 'failedAt',
};

/** States implied by each state (their timestamps are filled when missing). */
const IMPLIED: Record<TrackedStatus, TrackedStatus[]> = {
  sent: [],
  delivered: ['sent'],
  read: ['sent', 'delivered'],
  played: ['sent', 'delivered', 'read'],
  failed: [],
};

export interface MessageStatusState {
  deliveryStatus: string;
  sentAt?: Date | string | number | null;
  deliveredAt?: Date | string | number | null;
  readAt?: Date | string | number | null;
  playedAt?: Date | string | number | null;
  failedAt?: Date | string | number | null;
  pricingCategory?: string | null;
  pricingType?: string | null;
  pricingModel?: string | null;
}

export interface IncomingStatus {
  status: TrackedStatus;
  at: Date;
  error?: { code?: number; title?: string; details?: string };
  pricing?: { category?: string; type?: string; model?: string };
}

export type StatusPatch = Partial<{
  deliveryStatus: TrackedStatus;
  sentAt: Date;
  deliveredAt: Date;
  readAt: Date;
  playedAt: Date;
  failedAt: Date;
  errorCode: number | null;
  errorTitle: string | null;
  errorDetails: string | null;
  pricingCategory: string;
  pricingType: string;
  pricingModel: string;
}>;

const toTime = (value: Date | string | number | null | undefined): number | undefined => {
  if (value === null || value === undefined || value === '') return undefined;
  const time = value instanceof Date ? value.getTime() : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value).getTime();
  return Number.isFinite(time) ? time : undefined;
};

/** The changes to write (empty object: nothing changes). */
export function planStatusUpdate(current: MessageStatusState, incoming: IncomingStatus): StatusPatch {
  const patch: StatusPatch = {};
  const at = incoming.at.getTime();

  const keepEarliest = (state: TrackedStatus) => {
    const field = AT[state];
    const existing = toTime(current[field]);
    if (existing === undefined || at < existing) patch[field] = new Date(at);
  };

  if (incoming.status === 'failed') {
    const rank = RANK[current.deliveryStatus] ?? 0;
    // Delivered/read/played already proved delivery: a stray `failed` does not undo it.
    if (current.deliveryStatus === 'failed' || rank < RANK.delivered) {
      keepEarliest('failed');
      if (current.deliveryStatus !== 'failed') patch.deliveryStatus = 'failed';
      if (incoming.error) {
        patch.errorCode = incoming.error.code ?? null;
        patch.errorTitle = incoming.error.title ?? null;
        patch.errorDetails = incoming.error.details ?? null;
      }
    }
  } else {
    keepEarliest(incoming.status);
    for (const implied of IMPLIED[incoming.status]) {
      if (toTime(current[AT[implied]]) === undefined) patch[AT[implied]] = new Date(at);
    }
    const currentRank = current.deliveryStatus === 'failed' ? RANK.sent : (RANK[current.deliveryStatus] ?? 0);
    const proves = current.deliveryStatus !== 'failed' || RANK[incoming.status] >= RANK.delivered;
    if (proves && RANK[incoming.status] > currentRank) patch.deliveryStatus = incoming.status;
  }

  if (incoming.pricing?.category && incoming.pricing.category !== current.pricingCategory) {
    patch.pricingCategory = incoming.pricing.category;
  }
  if (incoming.pricing?.type && incoming.pricing.type !== current.pricingType) patch.pricingType = incoming.pricing.type;
  if (incoming.pricing?.model && incoming.pricing.model !== current.pricingModel) patch.pricingModel = incoming.pricing.model;
  return patch;
}
