import type { SandboxOptions, SandboxPhoneNumber, SandboxSentMessage } from './types';
import type { ThroughputLimiter } from './rate-limit';
import type { ConversationWindows } from './windows';
import type { TimerRegistry } from './timers';
import type { IdFactory } from './ids';
import type { WebhookSender } from './webhooks/sender';
import type { TemplateStore } from './template-store';
import type { MediaStore } from './media-store';
import { metaErrors } from './errors';

/** The state and collaborators every route module shares; built once per sandbox. */
export interface SandboxContext {
  wabaId: string;
  numbers: Map<string, SandboxPhoneNumber>;
  throughputPerSecond: number;
  statusDelayMs: number;
  autoStatuses: Array<'sent' | 'delivered' | 'read'>;
  approveDelayMs: number;
  enforceWindow: boolean;
  templates: TemplateStore;
  media: MediaStore;
  windows: ConversationWindows;
  limiter: ThroughputLimiter;
  timers: TimerRegistry;
  ids: IdFactory;
  webhooks: WebhookSender;
  sent: SandboxSentMessage[];
  log: (line: string) => void;
  /** SandboxOptions.lastInboundAt: the window as recorded outside the sandbox. */
  lastInboundAt?: SandboxOptions['lastInboundAt'];
  /** Merges SandboxOptions.templateSource into the store (no-op without one); never throws. */
  refreshTemplates(): Promise<void>;
}

export function requireNumber(ctx: SandboxContext, phoneNumberId: string, method: string): SandboxPhoneNumber {
  const number = ctx.numbers.get(phoneNumberId);
  if (!number) throw metaErrors.unknownObject(method, phoneNumberId);
  return number;
}

export function numberRef(ctx: SandboxContext, number: SandboxPhoneNumber) {
  return { wabaId: ctx.wabaId, phoneNumberId: number.id, displayPhoneNumber: number.displayPhoneNumber };
}
