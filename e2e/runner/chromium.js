/**
 * How every browser test launches Chromium: Debian's package, never a downloaded browser, headless
 * and quiet (no background network, updates or sync). Shared by the specs (e2e/helpers/browser.ts)
 * and the install test (e2e/install/browser.js).
 */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

module.exports = { CHROMIUM_PATH, CHROMIUM_ARGS };
