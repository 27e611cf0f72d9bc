import type { SandboxBlockCall, SandboxOptions, SandboxPhoneNumber, SandboxReadReceipt, SandboxSentMessage } from './types';
import type { BlockList } from './block-users';
import type { ThroughputLimiter } from './rate-limit';
import type { ConversationWindows } from './windows';
import type { TimerRegistry } from './timers';
import type { IdFactory } from './ids';
import type { WebhookSender } from './webhooks/sender';
import type { TemplateStore } from './template-store';
import type { MediaStore } from './media-store';
import type { UploadStore } from './uploads';
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
  /** Onboarded to the Marketing Messages API: `/marketing_messages` sends (else it is refused). */
  marketingMessages: boolean;
  templates: TemplateStore;
  media: MediaStore;
  /** SandboxOptions.appId: the only app id the upload API answers to (any numeric id when unset). */
  appId?: string;
  /** Resumable Upload API sessions and the handles they issued. */
  uploads: UploadStore;
  windows: ConversationWindows;
  limiter: ThroughputLimiter;
  timers: TimerRegistry;
  ids: IdFactory;
  webhooks: WebhookSender;
  sent: SandboxSentMessage[];
  /** Every accepted mark-as-read (with or without typing indicator), in order. */
  reads: SandboxReadReceipt[];
  /** Users blocked per number (Block Users API) and every accepted block/unblock call. */
  blockList: BlockList;
  blockCalls: SandboxBlockCall[];
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
