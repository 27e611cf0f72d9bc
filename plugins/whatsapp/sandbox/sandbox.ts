import type { AddressInfo } from 'node:net';
import type { Sandbox, SandboxBlockCall, SandboxReadReceipt, SandboxInboundInput, SandboxOptions, SandboxSentMessage, SandboxWebhookDelivery } from './types';
import type { SandboxContext } from './context';
import { numberRef } from './context';
import { ThroughputLimiter } from './rate-limit';
import { FaultRegistry } from './faults';
import { ConversationWindows, digitsOf } from './windows';
import { TimerRegistry } from './timers';
import { IdFactory } from './ids';
import { TemplateStore } from './template-store';
import { MediaStore } from './media-store';
import { UploadStore } from './uploads';
import { WebhookSender } from './webhooks/sender';
import { inboundWebhook, unixSeconds } from './webhooks/payloads';
import { DEFAULT_PHONE_NUMBER } from './phone-numbers';
import { createHttpFront } from './server';
import { scheduleReview } from './templates';
import { BlockList } from './block-users';

/** Assembles the sandbox: state, HTTP front and the programmatic controls tests use. */

const DEFAULT_WABA_ID = '100000000000000';

export function createSandbox(options: SandboxOptions): Sandbox {
  if (!options || typeof options.appSecret !== 'string' || options.appSecret === '') {
    throw new Error('createSandbox: appSecret is required (it signs the webhooks the sandbox sends).');
  }
  const log = options.log ?? (() => undefined);
  let webhookUrl = options.webhookUrl;
  let baseUrl = '';

  const ids = new IdFactory();
  const timers = new TimerRegistry();
  const sent: SandboxSentMessage[] = [];
  const reads: SandboxReadReceipt[] = [];
  const blockCalls: SandboxBlockCall[] = [];
  const blockList = new BlockList();
  const deliveries: SandboxWebhookDelivery[] = [];
  const numbers = new Map((options.phoneNumbers?.length ? options.phoneNumbers : [DEFAULT_PHONE_NUMBER]).map((n) => [n.id, { ...n }]));

  const ctx: SandboxContext = {
    wabaId: options.wabaId ?? DEFAULT_WABA_ID,
    numbers,
    throughputPerSecond: options.throughputPerSecond ?? 80,
    statusDelayMs: options.statusDelayMs ?? 50,
    autoStatuses: options.autoStatuses ?? ['sent', 'delivered', 'read'],
    approveDelayMs: options.approveDelayMs ?? 3000,
    enforceWindow: options.enforceWindow ?? true,
    marketingMessages: options.marketingMessages ?? false,
    templates: new TemplateStore(options.templates ?? [], ids),
    media: new MediaStore(ids),
    appId: options.appId,
    uploads: new UploadStore(),
    windows: new ConversationWindows(),
    limiter: new ThroughputLimiter(options.clock),
    timers,
    ids,
    webhooks: new WebhookSender({ appSecret: options.appSecret, getUrl: () => webhookUrl, timers, deliveries, log }),
    sent,
    reads,
    blockList,
    blockCalls,
    log,
    lastInboundAt: options.lastInboundAt,
    async refreshTemplates() {
      if (!options.templateSource) return;
      try {
        const outside = await options.templateSource();
        for (const template of ctx.templates.merge(outside)) scheduleReview(ctx, template);
      } catch (error) {
        log(`template source failed, using the templates in memory: ${(error as Error).message}`);
      }
    },
  };
  const faults = new FaultRegistry();
  const front = createHttpFront(ctx, faults, options.accessTokens);

  async function simulateInbound(input: SandboxInboundInput): Promise<{ wamid: string; status: number }> {
    const number = ctx.numbers.get(input.phoneNumberId);
    if (!number) throw new Error(`simulateInbound: unknown phone number id ${input.phoneNumberId}`);
    const from = input.from ? digitsOf(input.from) : '';
    if (!from && !input.userId) throw new Error('simulateInbound: give from (a wa_id) or userId (a BSUID)');
    const now = Date.now();
    // A username user who hides the number: no `from`, only `from_user_id` (BSUID).
    const base = {
      ...(from ? { from } : {}),
      ...(input.userId ? { from_user_id: input.userId } : {}),
      id: ids.wamid(),
      timestamp: unixSeconds(now),
    };
    const message = input.message
      ? { ...base, ...input.message }
      : { ...base, type: 'text', text: { body: input.text ?? 'Hola' } };
    if (from) ctx.windows.open(number.id, from, now);
    if (input.userId) ctx.windows.open(number.id, input.userId, now);
    const payload = inboundWebhook(
      numberRef(ctx, number),
      { waId: from || undefined, userId: input.userId, username: input.username, name: input.name ?? 'Sandbox Customer' },
      message
    );
    const { status } = await ctx.webhooks.deliver(payload);
    return { wamid: String(message.id), status };
  }

  return {
    get url() {
      return baseUrl;
    },
    async listen(port = 0, host = '127.0.0.1') {
      // Templates from the outside source first, so reviews a restart cut short resume.
      await ctx.refreshTemplates();
      return new Promise<string>((resolve, reject) => {
        front.server.once('error', reject);
        front.server.listen(port, host, () => {
          front.server.off('error', reject);
          const address = front.server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          baseUrl = `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${address.port}`;
          log(`WhatsApp Cloud API sandbox listening on ${baseUrl}`);
          resolve(baseUrl);
        });
      });
    },
    close() {
      timers.stop();
      ctx.webhooks.abortAll();
      for (const socket of front.heldSockets) socket.destroy();
      front.heldSockets.clear();
      return new Promise<void>((resolve) => {
        if (!front.server.listening) return resolve();
        front.server.close(() => resolve());
        front.server.closeAllConnections();
      });
    },
    setWebhookUrl(url) {
      webhookUrl = url;
    },
    injectFault(fault) {
      faults.add(fault);
    },
    clearFaults() {
      faults.clear();
    },
    openWindow(phoneNumberId, waId, at = Date.now()) {
      ctx.windows.open(phoneNumberId, waId, at);
    },
    simulateInbound,
    sendWebhook(payload) {
      return ctx.webhooks.deliver(payload);
    },
    addMedia(data, mimeType, filename) {
      return ctx.media.add(data, mimeType, filename).id;
    },
    get sent() {
      return sent;
    },
    get readReceipts() {
      return reads;
    },
    get blockCalls() {
      return blockCalls;
    },
    blockedUsers(phoneNumberId) {
      return [...blockList.of(phoneNumberId)];
    },
    get webhookDeliveries() {
      return deliveries;
    },
    get templates() {
      return ctx.templates.all;
    },
    setMarketingMessages(onboarded) {
      ctx.marketingMessages = onboarded;
      log(`Marketing Messages API ${onboarded ? 'onboarded' : 'offboarded'} for WABA ${ctx.wabaId}`);
    },
    get marketingMessages() {
      return ctx.marketingMessages;
    },
    reset() {
      // Pending status webhooks belong to the old run; letting them land would confuse the next test.
      timers.cancelAll();
      ctx.webhooks.forget();
      sent.length = 0;
      reads.length = 0;
      blockCalls.length = 0;
      blockList.clear();
      deliveries.length = 0;
      faults.clear();
      ctx.windows.clear();
      ctx.limiter.clear();
      ctx.templates.reset();
      ctx.uploads.clear();
      ctx.marketingMessages = options.marketingMessages ?? false;
    },
  };
}
