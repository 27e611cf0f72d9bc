import http from 'node:http';
import https from 'node:https';
import type { SandboxWebhookDelivery } from '../types';
import type { TimerRegistry } from '../timers';
import { metaJsonStringify, signPayload } from './signing';

/**
 * Sends webhooks the way Meta does: signed raw bytes, JSON content type, retries on anything but
 * 2xx. Meta retries for days; a sandbox retries a few times quickly so tests still see the
 * at-least-once behaviour (a receiver that failed once gets the same body again).
 * Failures are recorded, never thrown: a broken receiver must not crash the sandbox.
 */

const RETRY_DELAYS_MS = [100, 300, 900];
const REQUEST_TIMEOUT_MS = 10_000;

export interface WebhookSenderDeps {
  appSecret: string;
  getUrl: () => string | undefined;
  timers: TimerRegistry;
  deliveries: SandboxWebhookDelivery[];
  log: (line: string) => void;
}

export class WebhookSender {
  private readonly inFlight = new Set<http.ClientRequest>();
  /** Bumped by forget(): deliveries started before a reset are not recorded after it. */
  private epoch = 0;

  constructor(private readonly deps: WebhookSenderDeps) {}

  get hasUrl(): boolean {
    return Boolean(this.deps.getUrl());
  }

  /** Resolves with the last HTTP status (0 = no answer). Rejects only when no webhook URL is set. */
  async deliver(payload: unknown): Promise<{ status: number }> {
    const url = this.deps.getUrl();
    if (!url) throw new Error('The sandbox has no webhook URL: call setWebhookUrl() or pass webhookUrl.');
    const epoch = this.epoch;
    const raw = metaJsonStringify(payload);
    const signature = signPayload(raw, this.deps.appSecret);

    let status = 0;
    for (let attempt = 0; ; attempt += 1) {
      status = await this.post(url, raw, signature);
      if (status >= 200 && status < 300) break;
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined || !(await this.deps.timers.sleep(delay))) break;
      this.deps.log(`webhook retry ${attempt + 1} after HTTP ${status || 'no answer'}`);
    }
    if (epoch === this.epoch) this.deps.deliveries.push({ payload, status, at: Date.now() });
    return { status };
  }

  /** Background delivery (status and template webhooks): nothing to await, nothing to throw. */
  deliverInBackground(payload: unknown): void {
    if (!this.hasUrl || this.deps.timers.isStopped) return;
    this.deliver(payload).catch((error) => this.deps.log(`webhook not delivered: ${String(error)}`));
  }

  /** Stops recording deliveries that are still under way (reset()). */
  forget(): void {
    this.epoch += 1;
  }

  /** Aborts requests still waiting for a receiver (close()). */
  abortAll(): void {
    for (const request of this.inFlight) request.destroy();
    this.inFlight.clear();
  }

  private post(url: string, raw: string, signature: string): Promise<number> {
    if (this.deps.timers.isStopped) return Promise.resolve(0);
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        this.deps.log(`webhook URL is not valid: ${url}`);
        resolve(0);
        return;
      }
      const transport = target.protocol === 'https:' ? https : http;
      const body = Buffer.from(raw, 'utf8');
      const request = transport.request(
        target,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': body.length,
            'X-Hub-Signature-256': signature,
            'User-Agent': 'facebookexternalua',
          },
          timeout: REQUEST_TIMEOUT_MS,
        },
        (response) => {
          response.resume(); // the body is irrelevant; drain it so the socket is freed
          response.on('end', () => done(response.statusCode ?? 0));
          response.on('error', () => done(response.statusCode ?? 0));
        }
      );
      const done = (status: number) => {
        this.inFlight.delete(request);
        resolve(status);
      };
      this.inFlight.add(request);
      request.on('timeout', () => request.destroy(new Error('webhook receiver timed out')));
      request.on('error', (error) => {
        this.deps.log(`webhook POST failed: ${error.message}`);
        done(0);
      });
      request.end(body);
    });
  }
}
