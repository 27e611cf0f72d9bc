import { createSandbox } from './sandbox';
import { createDemoSandboxOptions } from './demo';
import type { Sandbox } from './types';

/**
 * `npm run sandbox`: the demo WABA on a fixed port, for running Strapi (or curl) against a fake
 * Meta. Prints the environment variables that point the plugin at it.
 */

const DEV_APP_SECRET = 'sandbox-app-secret';
const DEFAULT_WEBHOOK_URL = 'http://127.0.0.1:1337/api/whatsapp/webhook';

export async function runSandboxCli(env: NodeJS.ProcessEnv = process.env): Promise<Sandbox> {
  const port = env.SANDBOX_PORT ? Number(env.SANDBOX_PORT) : 4010;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`SANDBOX_PORT must be a port number, got ${env.SANDBOX_PORT}`);
  const appSecret = env.WHATSAPP_APP_SECRET || DEV_APP_SECRET;
  if (!env.WHATSAPP_APP_SECRET) {
    console.warn(`[sandbox] WHATSAPP_APP_SECRET is not set: signing webhooks with the dev default '${DEV_APP_SECRET}'.`);
  }
  const webhookUrl = env.SANDBOX_WEBHOOK_URL || DEFAULT_WEBHOOK_URL;
  const demo = createDemoSandboxOptions();

  const sandbox = createSandbox({
    ...demo,
    appSecret,
    webhookUrl,
    // SANDBOX_MARKETING_MESSAGES=true: the demo WABA is onboarded to the Marketing Messages API.
    marketingMessages: env.SANDBOX_MARKETING_MESSAGES === 'true',
    log: (line) => console.log(`[sandbox] ${line}`),
  });
  const url = await sandbox.listen(port, '127.0.0.1');

  console.log(`
WhatsApp Cloud API sandbox running at ${url}
Webhooks go to ${webhookUrl}

Point Strapi at it with:
  WHATSAPP_GRAPH_API_URL=${url}
  WHATSAPP_ACCESS_TOKEN=sandbox-token        (any non-empty token is accepted)
  WHATSAPP_APP_SECRET=${appSecret}
  WHATSAPP_BUSINESS_ACCOUNT_ID=${demo.wabaId}
  WHATSAPP_PHONE_NUMBER_ID=${demo.phoneNumbers[0].id}
  WHATSAPP_WEBHOOK_VERIFY_TOKEN=<anything>
Numbers: ${demo.phoneNumbers.map((n) => `${n.displayPhoneNumber} (${n.id})`).join(', ')}
Templates: ${[...new Set(demo.templates.map((t) => t.name))].join(', ')}
Marketing Messages API (/marketing_messages): ${sandbox.marketingMessages ? 'onboarded' : 'not onboarded (SANDBOX_MARKETING_MESSAGES=true to switch it on)'}
`);

  const stop = (signal: string) => {
    console.log(`[sandbox] ${signal} received, shutting down`);
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return sandbox;
}

if (require.main === module) {
  runSandboxCli().catch((error) => {
    console.error(`[sandbox] could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
