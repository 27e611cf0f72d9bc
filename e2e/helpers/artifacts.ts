import fs from 'fs';
import path from 'path';
import type { Page } from 'playwright-core';
import { e2eEnv } from './env';

/** Saves a full-page screenshot as e2e/artifacts/<spec>-<step>.png and returns its path. */
export async function screenshot(page: Page, spec: string, step: string): Promise<string> {
  const dir = e2eEnv().artifactsDir;
  fs.mkdirSync(dir, { recursive: true });
  const safe = (s: string) => s.replace(/[^a-z0-9_-]+/gi, '-').toLowerCase();
  const file = path.join(dir, `${safe(spec)}-${safe(step)}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
