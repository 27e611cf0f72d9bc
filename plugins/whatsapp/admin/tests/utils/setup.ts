/**
 * Runs before every admin test file (jest `setupFilesAfterEnv`).
 * - jest-dom matchers (`toBeInTheDocument`, `toHaveTextContent`, …);
 * - the browser APIs the design system (Radix) needs and jsdom lacks;
 * - `window.strapi`, which Strapi's fetch client reads for the backend URL;
 * - the fetch stub (tests/utils/server.ts): reset after each test, and a test fails when the
 *   component made a request no handler answered.
 */
import '@testing-library/jest-dom';
import { cleanup, configure } from '@testing-library/react';
import { BACKEND_URL, server } from './server';

// findBy*/waitFor give up after 5 s instead of 1 s: a loaded CI machine is slow, never wrong. A
// passing test does not wait any longer for it.
configure({ asyncUtilTimeout: 5000 });

(window as any).strapi = {
  backendURL: BACKEND_URL,
  isEE: false,
  features: { SSO: 'sso', isEnabled: () => false },
  future: { isEnabled: () => false },
  projectType: 'Community',
  telemetryDisabled: true,
  flags: { nps: false, promoteEE: false },
};

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(window as any).ResizeObserver ??= ResizeObserverStub;
(window as any).IntersectionObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
};
window.matchMedia ??= ((query: string) => ({
  matches: false,
  media: query,
  onchange: null,
  addListener: () => undefined,
  removeListener: () => undefined,
  addEventListener: () => undefined,
  removeEventListener: () => undefined,
  dispatchEvent: () => false,
})) as any;
// Radix Select and friends call these on the DOM nodes they open.
Element.prototype.scrollIntoView ??= function scrollIntoView() {};
Element.prototype.hasPointerCapture ??= function hasPointerCapture() {
  return false;
};
Element.prototype.releasePointerCapture ??= function releasePointerCapture() {};
Element.prototype.setPointerCapture ??= function setPointerCapture() {};
window.scrollTo = (() => undefined) as any;

(globalThis as any).fetch = server.fetch;

// React Router 6 announces its v7 defaults once per process; Strapi's admin does not opt in either.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes('React Router Future Flag Warning')) return;
  warn(...args);
};

beforeEach(() => {
  (globalThis as any).fetch = server.fetch;
});

afterEach(() => {
  cleanup();
  window.sessionStorage.clear();
  window.localStorage.clear();
  const unhandled = server.unhandled();
  server.reset();
  if (unhandled.length) {
    throw new Error(
      `The component made requests no test handler answered:\n${unhandled.map((r) => `  ${r.method} ${r.path}${r.search}`).join('\n')}`
    );
  }
});
