import type { Core } from '@strapi/strapi';
import { getService } from '../core/get-service';
import type { NumberRoute } from './number-routing';
import type { CheckedPayload } from './payload-shape';
import type { StatusContext } from './statuses';
import type { MessagesValue, StatusItem } from './webhook-types';
import type { AppliedEvent } from './processor';

/** A claimed event with its body parsed and checked (payload-shape.ts). */
export interface ParsedEvent {
  id: number;
  checked: CheckedPayload;
}

interface RoutedChange {
  value: MessagesValue;
  route: NumberRoute;
  phoneNumberId: string;
}

/** A fresh outcome: what an event applied, counted. */
export function emptyApplied(): AppliedEvent {
  return {
    outcome: {
      messages: { created: 0, duplicates: 0, skipped: 0 },
      statuses: { applied: 0, unchanged: 0, pending: 0, ignored: 0 },
      management: { updated: 0 },
      unroutedPhoneNumberIds: [],
      notes: [],
    },
    tenantIds: new Set<number | null>(),
    pending: [],
    payloadNotes: [],
  };
}

/** Meta's error objects of a `messages` change, as notes kept on the event. */
export function errorNotes(value: MessagesValue): string[] {
  return (Array.isArray(value.errors) ? value.errors : []).map(
    (error) => `Meta reported error ${error?.code ?? '?'}: ${error?.title ?? error?.message ?? ''}${error?.error_data?.details ? ` (${error.error_data.details})` : ''}`
  );
}

/**
 * Applies a claimed batch the set-based way: the events that hold only `messages` changes of
 * known numbers (what nearly all traffic is: inbound messages and delivery statuses) are applied
 * together — their inbound messages in one storeBatch, their statuses in one applyMany — and
 * anything else (management webhooks, unrouted numbers, reactions, identity changes, keywords)
 * through `applyOne`, the event-at-a-time path, at its place in the order. Runs inside the
 * batch's transaction: if anything throws, the processor rolls the batch back and redoes its
 * events one by one. Answers one AppliedEvent per event, in order.
 */
export async function applyBatch(
  strapi: Core.Strapi,
  events: ParsedEvent[],
  applyOne: (event: ParsedEvent) => Promise<AppliedEvent>
): Promise<AppliedEvent[]> {
  const routing = getService(strapi, 'number-routing');
  const inbound = getService(strapi, 'inbound-messages');
  const results: AppliedEvent[] = [];
  let run: { index: number; event: ParsedEvent; changes: RoutedChange[] }[] = [];

  /** The event's changes when it can join a set-based run, else null. */
  const routedChanges = async ({ checked }: ParsedEvent): Promise<RoutedChange[] | null> => {
    const { payload } = checked;
    if (payload.object !== undefined && payload.object !== 'whatsapp_business_account') return null;
    const changes: RoutedChange[] = [];
    for (const entry of Array.isArray(payload.entry) ? payload.entry : []) {
      for (const change of Array.isArray(entry?.changes) ? entry.changes : []) {
        const value = change?.value;
        if (!value || typeof value !== 'object') continue;
        if (change?.field !== 'messages') return null;
        const v = value as MessagesValue;
        const phoneNumberId = v.metadata?.phone_number_id ? String(v.metadata.phone_number_id) : undefined;
        const route = await routing.resolve(phoneNumberId);
        if (!route || !phoneNumberId) return null;
        if (Array.isArray(v.messages) && v.messages.length && !inbound.canStoreInBatch(v)) return null;
        changes.push({ value: v, route, phoneNumberId });
      }
    }
    return changes;
  };

  const flush = async () => {
    if (!run.length) return;
    const applied = run.map(({ event }) => {
      const result = emptyApplied();
      result.payloadNotes = event.checked.notes;
      return result;
    });
    const withMessages: { at: number; value: MessagesValue; route: NumberRoute }[] = [];
    const statuses: { at: number; item: StatusItem; context: StatusContext }[] = [];
    run.forEach(({ event, changes }, at) => {
      for (const { value, route, phoneNumberId } of changes) {
        applied[at].tenantIds.add(route.tenant?.id ?? null);
        if (Array.isArray(value.messages) && value.messages.length) withMessages.push({ at, value, route });
        for (const item of Array.isArray(value.statuses) ? value.statuses : []) {
          statuses.push({ at, item, context: { phoneNumberId, webhookEventId: event.id } });
        }
        applied[at].outcome.notes.push(...errorNotes(value));
      }
    });
    // Messages before statuses, as within one event: a status may name a message of the batch.
    const stored = await inbound.storeBatch(withMessages);
    stored.forEach((result, i) => {
      const counts = applied[withMessages[i].at].outcome.messages;
      counts.created += result.created;
      counts.duplicates += result.duplicates;
      counts.skipped += result.skipped;
    });
    const outcomes = await getService(strapi, 'statuses').applyMany(statuses);
    outcomes.forEach((outcome, i) => {
      const { at, item } = statuses[i];
      applied[at].outcome.statuses[outcome] += 1;
      if (outcome === 'pending') applied[at].pending.push({ wamid: String(item.id), status: String(item.status) });
    });
    run.forEach(({ index }, at) => {
      results[index] = applied[at];
    });
    run = [];
  };

  for (const [index, event] of events.entries()) {
    const changes = await routedChanges(event);
    if (changes) {
      run.push({ index, event, changes });
      continue;
    }
    await flush();
    results[index] = await applyOne(event);
  }
  await flush();
  return results;
}
