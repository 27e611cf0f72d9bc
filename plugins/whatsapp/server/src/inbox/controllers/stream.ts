import type { Core } from '@strapi/strapi';
import type { StreamToken } from '../../../../shared/contracts/conversations';
import { getService } from '../../core/get-service';

/** The admin's live updates: a stream token for an authenticated admin, then the SSE stream itself. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async token(ctx: any) {
    const { token, expiresAt } = getService(strapi, 'stream').issueToken(ctx.state.user.id);
    const body: StreamToken.Response = {
      data: { token, expiresAt, url: `/whatsapp/stream?token=${encodeURIComponent(token)}` },
    };
    ctx.body = body;
  },

  async open(ctx: any) {
    const stream = getService(strapi, 'stream');
    const user = await stream.authenticate(ctx.query?.token);
    // EventSource sends Last-Event-ID itself when it retries; a client that reconnects with a new
    // token (a new URL) passes it as `lastEventId` instead.
    const lastEventId = String(ctx.get('last-event-id') || ctx.query?.lastEventId || '') || undefined;
    const body = await stream.open(user.id, lastEventId);

    ctx.req.socket.setTimeout(0);
    ctx.req.socket.setNoDelay(true);
    ctx.req.socket.setKeepAlive(true);
    ctx.req.on('close', () => body.destroy());
    ctx.set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx and similar proxies buffer responses unless told not to.
      'X-Accel-Buffering': 'no',
    });
    ctx.status = 200;
    ctx.body = body;
  },
});
