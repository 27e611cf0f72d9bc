/**
 * When the demo data is seeded at bootstrap:
 * - WHATSAPP_DEMO_SEED=false → never;
 * - WHATSAPP_DEMO_SEED=true  → in any environment (the e2e run uses this on `strapi start`);
 * - unset                    → only in development (`npm run develop`).
 * The seed itself also requires an empty tenant table (see seedDemoData).
 */
export function demoSeedEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = (env.WHATSAPP_DEMO_SEED ?? '').trim().toLowerCase();
  if (['false', '0', 'no', 'off'].includes(flag)) return false;
  if (['true', '1', 'yes', 'on'].includes(flag)) return true;
  return (env.NODE_ENV || 'development') === 'development';
}
