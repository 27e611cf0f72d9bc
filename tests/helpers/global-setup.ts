/**
 * Compiles the host app's TypeScript (config, src) into dist once per jest run, the same first
 * step `strapi build`/`develop` take; every test file then boots Strapi from that dist.
 */
import path from 'path';

export default async function globalSetup(): Promise<void> {
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { compileStrapi } = require('@strapi/strapi');
  await compileStrapi({ appDir: path.resolve(__dirname, '..', '..'), ignoreDiagnostics: false });
}
