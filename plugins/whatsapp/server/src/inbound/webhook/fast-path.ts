import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { getService, PLUGIN_ID } from '../../core/get-service';
import { BodyTooLargeError, readRawBody } from './raw-body';
import { parseSignatureHeader, signatureMatches } from './signature';
import { summarizePayload, type PayloadSummary } from '../webhook-types';

/** At most one log line per this interval for refused POSTs, so a flood cannot fill the logs. */
const REFUSAL_LOG_INTERVAL_MS = 10_000;

/** `/api/whatsapp/webhook`, honouring a custom REST prefix (config/api.ts `rest.prefix`). */
export function webhookPath(strapi: Core.Strapi): string {
  const prefix = String(strapi.config.get('api.rest.prefix', '/api') || '/api').replace(/\/+$/, '');
  return `${prefix}/${PLUGIN_ID}/webhook`;
}

/**
 * `POST /api/whatsapp/webhook`, answered before Strapi's middleware chain and router
 * (the chain costs ~10× a bare Koa handler: docs/strapi-notes.md#cost-of-the-middleware-chain). It
 * reads the raw bytes itself, checks the signature, stores the event (group commit) and answers
 * 200 only after the commit; processing happens afterwards, from the event log. Because Strapi's
 * error and logger middlewares are skipped, every outcome is answered and logged here.
 *
 * Answers: 200 stored (or already stored) · 401 signature missing/invalid (nothing stored) ·
 * 400 not JSON · 413 over 3 MB · 500 the database refused (Meta retries).
 * GET (the verification handshake) and other methods go on to Strapi's router.
 */
export function createWebhookFastPath(strapi: Core.Strapi) {
  const path = webhookPath(strapi);
  let refusals = 0;
  let lastRefusalLog = 0;

  const refuse = (ctx: Context, status: number, message: string) => {
    ctx.status = status;
    ctx.body = { error: { status, message } };
    refusals += 1;
    const now = Date.now();
    if (now - lastRefusalLog >= REFUSAL_LOG_INTERVAL_MS) {
      strapi.log.warn(`[whatsapp] webhook POST refused (${status}): ${message}${refusals > 1 ? ` (${refusals} refused since the last report)` : ''}`);
      lastRefusalLog = now;
      refusals = 0;
    }
  };

  const verify = async (raw: Buffer, digest: Buffer): Promise<{ ok: boolean; payload?: unknown; summary?: PayloadSummary; notJson?: boolean }> => {
    const secrets = getService(strapi, 'webhook-secrets');
    const master = secrets.master();
    if (master && signatureMatches(raw, digest, master)) return { ok: true };
    // Not the master: the payload names the WABA and numbers, which name a dedicated account.
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      return { ok: false };
    }
    const summary = summarizePayload(payload);
    for (const afterMiss of [false, true]) {
      for (const secret of await secrets.candidates(summary, afterMiss)) {
        if (signatureMatches(raw, digest, secret)) return { ok: true, payload, summary };
      }
    }
    return { ok: false };
  };

  return async function whatsappWebhookFastPath(ctx: Context, next: Next) {
    if (ctx.path !== path || ctx.method !== 'POST') return next();

    try {
      const digest = parseSignatureHeader(ctx.get('x-hub-signature-256') || undefined);
      let raw: Buffer;
      try {
        raw = await readRawBody(ctx.req);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          ctx.set('Connection', 'close');
          return refuse(ctx, 413, 'The webhook body is larger than 3 MB, the most Meta sends.');
        }
        return refuse(ctx, 400, 'The request body could not be read.');
      }
      if (!digest) {
        return refuse(ctx, 401, 'The X-Hub-Signature-256 header is missing or is not "sha256=<64 hex digits>".');
      }

      const verdict = await verify(raw, digest);
      if (!verdict.ok) {
        return refuse(ctx, 401, 'The X-Hub-Signature-256 signature does not match the body for any configured app secret.');
      }

      let payload = verdict.payload;
      if (payload === undefined) {
        try {
          payload = JSON.parse(raw.toString('utf8'));
        } catch {
          return refuse(ctx, 400, 'The webhook body is not valid JSON.');
        }
      }
      if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
        return refuse(ctx, 400, 'The webhook body must be a JSON object.');
      }

      await getService(strapi, 'webhook-ingest').store({
        raw,
        summary: verdict.summary ?? summarizePayload(payload),
        receivedAt: new Date(),
      });
      ctx.status = 200;
      ctx.type = 'text/plain';
      ctx.body = 'EVENT_RECEIVED';
    } catch (error) {
      // Not stored: a 5xx makes Meta deliver it again later.
      strapi.log.error(`[whatsapp] webhook POST could not be stored: ${(error as Error)?.message ?? error}`);
      ctx.status = 500;
      ctx.body = { error: { status: 500, message: 'The event could not be stored; it will be delivered again.' } };
    }
  };
}
