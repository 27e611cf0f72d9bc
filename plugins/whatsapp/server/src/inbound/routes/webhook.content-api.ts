/**
 * Meta's verification handshake. The POST of the same path is answered before the router by the
 * webhook fast path (register.ts, inbound/webhook/fast-path.ts) and so has no route here.
 */
export default [
  { method: 'GET', path: '/webhook', handler: 'webhook.verify', config: { auth: false, policies: [] } },
];
