/**
 * jsdom, plus the WHATWG fetch classes jsdom does not have (Headers, Request, Response) taken from
 * Node, so Strapi's real fetch client (`useFetchClient`) runs unchanged. `fetch` itself is not
 * copied: tests/utils/server.ts installs a stub, so no request can leave the process.
 */
const { TestEnvironment } = require('jest-environment-jsdom');

class AdminEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    const g = this.global;
    for (const name of ['Headers', 'Request', 'Response', 'TextEncoder', 'TextDecoder', 'ReadableStream', 'structuredClone']) {
      if (typeof g[name] === 'undefined' && typeof globalThis[name] !== 'undefined') g[name] = globalThis[name];
    }
  }
}

module.exports = AdminEnvironment;
