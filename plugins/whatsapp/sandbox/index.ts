/**
 * The WhatsApp Cloud API sandbox: a real HTTP server that imitates the Graph API endpoints the
 * plugin uses (messages, media, phone numbers, templates) and sends signed webhooks back, so the
 * product runs and is tested offline. See sandbox.ts for the assembly and the README's "The
 * sandbox and offline mode" (README.md#the-sandbox-and-offline-mode) for the why.
 */
export type {
  Sandbox,
  SandboxFault,
  SandboxInboundInput,
  SandboxOptions,
  SandboxPhoneNumber,
  SandboxSentMessage,
  SandboxTemplate,
  SandboxWebhookDelivery,
} from './types';
export { createSandbox } from './sandbox';
export { signPayload, metaJsonStringify } from './webhooks/signing';
export { createDemoSandboxOptions, DEMO_WABA_ID, type DemoSandboxOptions } from './demo';
