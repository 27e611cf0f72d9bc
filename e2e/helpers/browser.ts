import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// Debian's Chromium with the launch flags every browser test uses; Playwright gives each launch a
// fresh temporary profile (--user-data-dir) and removes it on close.
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../runner/chromium';

export { CHROMIUM_ARGS, CHROMIUM_PATH };

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught errors thrown in the page (React crashes and the like), for assertions. */
  pageErrors: Error[];
  close(): Promise<void>;
}

const newContext = async (browser: Browser) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  context.setDefaultTimeout(30000);
  return context;
};

export async function openBrowser(): Promise<BrowserSession> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const context = await newContext(browser);
  const page = await context.newPage();
  const pageErrors: Error[] = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  return {
    browser,
    context,
    page,
    pageErrors,
    async close() {
      await browser.close();
    },
  };
}

/**
 * A second window of the same browser with its own profile (cookies, storage), e.g. another admin
 * working at the same time; its uncaught page errors go to the session's `pageErrors` too.
 */
export async function openSecondWindow(session: BrowserSession): Promise<Page> {
  const context = await newContext(session.browser);
  const page = await context.newPage();
  page.on('pageerror', (error) => session.pageErrors.push(error));
  return page;
}
