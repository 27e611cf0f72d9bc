import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../../core/get-service';
import { safeEqual } from '../webhook/signature';

/**
 * GET /api/whatsapp/webhook: Meta's verification handshake
 * (docs/whatsapp-cloud-api.md#webhook-verification). The POST of the same path never reaches the
 * router: it is answered by the fast path (inbound/webhook/fast-path.ts).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  verify(ctx: Context) {
    // Read from the raw query string: Strapi's query parser may nest "hub.mode" as hub → mode.
    const params = new URLSearchParams(ctx.querystring);
    const mode = params.get('hub.mode');
    const token = params.get('hub.verify_token');
    const challenge = params.get('hub.challenge');
    let expected: string | undefined;
    try {
      expected = getService(strapi, 'runtime').get().verifyToken;
    } catch {
      expected = undefined;
    }
    if (mode === 'subscribe' && expected && token !== null && challenge !== null && safeEqual(token, expected)) {
      ctx.status = 200;
      ctx.type = 'text/plain';
      ctx.body = challenge;
      return;
    }
    strapi.log.warn(
      expected
        ? '[whatsapp] webhook verification refused: hub.mode is not "subscribe" or hub.verify_token does not match WHATSAPP_WEBHOOK_VERIFY_TOKEN'
        : '[whatsapp] webhook verification refused: WHATSAPP_WEBHOOK_VERIFY_TOKEN is not set'
    );
    ctx.status = 403;
    ctx.type = 'text/plain';
    ctx.body = 'Forbidden: the verify token does not match.';
  },
});
