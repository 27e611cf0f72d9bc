/**
 * Content API: `/api/whatsapp/messages…`. No `auth: false`: callers need an API token or a
 * users-permissions role with the action `plugin::whatsapp.messages.<handler>`.
 */
export default [
  { method: 'POST', path: '/messages', handler: 'messages.send', config: { policies: [] } },
  { method: 'GET', path: '/messages', handler: 'messages.list', config: { policies: [] } },
  { method: 'GET', path: '/messages/:documentId', handler: 'messages.findOne', config: { policies: [] } },
  { method: 'POST', path: '/messages/:documentId/retry', handler: 'messages.retry', config: { policies: [] } },
  { method: 'POST', path: '/messages/:documentId/read', handler: 'messages.markRead', config: { policies: [] } },
];
