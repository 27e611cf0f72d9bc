import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { UID } from '../../../../shared/uids';

/**
 * Offline mode's credentials, the same in every Strapi process on one database (the server, a
 * second instance, `strapi admin:create-user` and other CLI commands): derived from one random
 * seed stored in `whatsapp_sandbox_states`, written once by whichever process comes first and
 * never replaced. They only open the built-in sandbox, never Meta.
 */
const SEED_KEY = 'sandbox';

export interface SandboxCredentials {
  /** The bearer token the sandbox accepts. */
  accessToken: string;
  /** The key the sandbox signs its webhooks with (X-Hub-Signature-256). */
  appSecret: string;
}

export function deriveSandboxCredentials(seed: string): SandboxCredentials {
  const derive = (purpose: string) => crypto.createHmac('sha256', seed).update(`whatsapp-sandbox:${purpose}`).digest('hex');
  return { accessToken: `sandbox-${derive('access-token').slice(0, 32)}`, appSecret: derive('app-secret').slice(0, 48) };
}

/**
 * The database's sandbox seed, created when there is none. Two processes creating it at once:
 * the unique key lets one insert win, and the other reads the winner's seed.
 */
export async function loadSandboxSeed(strapi: Core.Strapi): Promise<string> {
  const query = strapi.db.query(UID.sandboxState);
  const read = async (): Promise<string | undefined> =>
    ((await query.findOne({ where: { key: SEED_KEY }, select: ['seed'] })) as { seed?: string } | null)?.seed ?? undefined;

  const existing = await read();
  if (existing) return existing;
  let failure: unknown;
  try {
    await query.create({ data: { key: SEED_KEY, seed: crypto.randomBytes(32).toString('hex') } });
  } catch (error) {
    failure = error; // most likely another process inserted it first: read theirs below
  }
  const seed = await read();
  if (!seed) {
    throw new Error(`[whatsapp] Offline mode: the sandbox seed could not be stored (${(failure as Error)?.message ?? 'no row'}).`);
  }
  return seed;
}

export async function loadSandboxCredentials(strapi: Core.Strapi): Promise<SandboxCredentials> {
  return deriveSandboxCredentials(await loadSandboxSeed(strapi));
}
