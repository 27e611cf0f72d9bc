import type { Core } from '@strapi/strapi';
import { UID } from '../../../shared/uids';
import { isSqlite, supportsReturning, tableOf } from '../core/db';
import { MemoryLedger, type SlotLedger } from './rate-limit';

/**
 * The send schedule of each business number, in the database (`whatsapp_phone_numbers.
 * send_schedule_ms`: epoch milliseconds of the first slot nobody has booked yet), so that every
 * Strapi instance on the database draws from one throughput budget per number.
 *
 * Booking a block is one atomic statement: the row moves on by the block's length from where it
 * was, or from `earliest` when it lay further back (the number was idle). Two instances booking
 * at once get consecutive blocks. Instances must have their clocks in sync (NTP); a skew of a few
 * milliseconds only shifts blocks, a skew of seconds would let one instance book ahead of others.
 *
 * A number without a row (not synced yet) is scheduled in this process only, as are all numbers
 * on SQLite (below).
 */
export function createSendLedger(strapi: Core.Strapi): SlotLedger {
  const local = processLedger(strapi);
  // SQLite: one file, one writer, one Strapi process in practice. Booking through its single
  // connection would queue behind every other write (status webhooks at three per message sent)
  // and cost throughput for nothing; the process-wide ledger is the whole truth there.
  if (isSqlite(strapi)) return local;
  const knex = () => strapi.db.connection as any;
  const numbers = () => tableOf(strapi, UID.phoneNumber);

  /** The new end of the schedule: from where it was, or from `earliest` if that is later, plus `span`. */
  const movedOn = (column: string, earliest: number, span: number) =>
    knex().raw('(CASE WHEN ?? IS NULL OR ?? < ? THEN ? ELSE ?? END) + ?', [column, column, earliest, earliest, column, span]);

  return {
    async book(key, count, intervalMs, earliestMs) {
      const { table, column } = numbers();
      const schedule = column('sendScheduleMs');
      const idColumn = column('phoneNumberId');
      const earliest = Math.floor(earliestMs);
      const span = Math.ceil(count * intervalMs);
      let end: number | undefined;
      if (supportsReturning(strapi)) {
        const rows = await knex()(table)
          .where(idColumn, key)
          .update({ [schedule]: movedOn(schedule, earliest, span) })
          .returning(schedule);
        if (rows.length > 0) end = Number(typeof rows[0] === 'object' ? rows[0][schedule] : rows[0]);
      } else {
        end = await knex().transaction(async (trx: any) => {
          const row = await trx(table).select(schedule).where(idColumn, key).forUpdate().first();
          if (!row) return undefined;
          const next = Math.max(row[schedule] === null ? -Infinity : Number(row[schedule]), earliest) + span;
          await trx(table).where(idColumn, key).update({ [schedule]: next });
          return next;
        });
      }
      return end === undefined ? local.bookNow(key, count, intervalMs, earliestMs) : end - span;
    },

    async holdUntil(key, untilMs) {
      const { table, column } = numbers();
      const schedule = column('sendScheduleMs');
      const until = Math.ceil(untilMs);
      await local.holdUntil(key, untilMs);
      await knex()(table)
        .where(column('phoneNumberId'), key)
        .andWhere((q: any) => q.whereNull(schedule).orWhere(schedule, '<', until))
        .update({ [schedule]: until });
    },
  };
}

/** One in-memory ledger per Strapi instance, shared by every worker of the process. */
const processLedgers = new WeakMap<object, MemoryLedger>();
function processLedger(strapi: Core.Strapi): MemoryLedger {
  let ledger = processLedgers.get(strapi);
  if (!ledger) {
    ledger = new MemoryLedger();
    processLedgers.set(strapi, ledger);
  }
  return ledger;
}
