import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { UID } from '../../../../shared/uids';
import { newDocumentId, tableOf } from '../../core/db';
import { getService } from '../../core/get-service';
import { createGroupCommit } from '../../core/group-commit';
import type { PayloadSummary } from '../webhook-types';

/** Rows per INSERT statement; keeps bound parameters far below SQLite's and PostgreSQL's limits. */
const MAX_ROWS_PER_STATEMENT = 500;
/** Rows handed to one write of the group commit (split into INSERTs of MAX_ROWS_PER_STATEMENT). */
const MAX_ROWS_PER_BATCH = 2000;
/**
 * INSERTs running at once. More than one lets a batch fill while the previous one waits for the
 * disk flush of its commit (PostgreSQL); SQLite's single connection serialises them anyway.
 */
const MAX_INSERTS_IN_FLIGHT = 4;

export interface IncomingEvent {
  raw: Buffer;
  summary: PayloadSummary;
  receivedAt: Date;
}

/**
 * Stores verified webhook POSTs in `whatsapp_webhook_events` before they are acknowledged.
 *
 * Group commit (utils/group-commit): every POST that arrives while the event loop is busy joins
 * one multi-row INSERT, and each POST is answered only after the INSERT holding its row committed.
 * Under load this turns hundreds of single-row commits into a few large ones, which is what lets
 * the webhook keep up with a bare Koa server.
 *
 * Identical deliveries (Meta retries, or two apps subscribed to one WABA) have the same SHA-256
 * and are dropped by the unique index (ON CONFLICT DO NOTHING), also across instances.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** Events committed by this process since boot (the processor watches it to yield to webhooks). */
  let storedCount = 0;

  const insert = async (rows: Record<string, unknown>[]) => {
    const { table, column } = tableOf(strapi, UID.webhookEvent);
    const knex = strapi.db.connection;
    // Duplicates inside one batch would conflict with each other: keep the first.
    const sha = column('bodySha256');
    const unique = [...new Map(rows.map((row) => [row[sha], row])).values()];
    for (let i = 0; i < unique.length; i += MAX_ROWS_PER_STATEMENT) {
      await knex(table)
        .insert(unique.slice(i, i + MAX_ROWS_PER_STATEMENT))
        .onConflict(sha)
        .ignore();
    }
  };

  const toRow = (event: IncomingEvent): Record<string, unknown> => {
    const { column } = tableOf(strapi, UID.webhookEvent);
    const now = event.receivedAt;
    return {
      [column('documentId')]: newDocumentId(),
      [column('rawBody')]: event.raw.toString('utf8'),
      [column('bodySha256')]: crypto.createHash('sha256').update(event.raw).digest('hex'),
      [column('signatureValid')]: true,
      [column('fields')]: event.summary.fields.join(',').slice(0, 255) || null,
      [column('wabaId')]: event.summary.wabaIds.join(',').slice(0, 255) || null,
      [column('phoneNumberIds')]: event.summary.phoneNumberIds.join(',').slice(0, 255) || null,
      [column('processingStatus')]: 'pending',
      [column('receivedAt')]: now,
      [column('attempts')]: 0,
      // Strapi's own columns: rows written with plain knex must look like the document service's.
      [column('createdAt')]: now,
      [column('updatedAt')]: now,
      [column('publishedAt')]: now,
    };
  };

  const inserts = createGroupCommit<Record<string, unknown>>(
    async (rows) => {
      await insert(rows);
      storedCount += rows.length;
      getService(strapi, 'webhook-processor').kick();
    },
    { maxBatch: MAX_ROWS_PER_BATCH, maxInFlight: MAX_INSERTS_IN_FLIGHT }
  );

  return {
    /** Resolves once the event is committed (or was already stored); rejects if the INSERT failed. */
    store(event: IncomingEvent): Promise<void> {
      return inserts.add(toRow(event));
    },

    /** How many events this process stored so far; changes mean webhooks are arriving. */
    storedCount(): number {
      return storedCount;
    },

    /** Waits until nothing is queued or being written (shutdown, tests). */
    drain(): Promise<void> {
      return inserts.drain();
    },
  };
};
