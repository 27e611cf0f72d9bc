import { ACTIONS } from '../../../../shared/permissions';

/** Admin routes of the inbox (issue 8); sending goes through the messages routes. */
const canRead = {
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [ACTIONS.messagesRead] } }],
};

export const inboxRoutes = [
  { method: 'GET', path: '/conversations', handler: 'conversation.list', config: canRead },
  { method: 'POST', path: '/conversations/read', handler: 'conversation.markRead', config: canRead },
  { method: 'GET', path: '/customers/:documentId/timeline', handler: 'conversation.timeline', config: canRead },
  { method: 'POST', path: '/stream/token', handler: 'stream.token', config: canRead },
  // Authenticated by the stream token in the query (EventSource cannot send headers); see services/stream.ts.
  { method: 'GET', path: '/stream', handler: 'stream.open', config: { auth: false } },
  { method: 'GET', path: '/stats', handler: 'stats.get', config: canRead },
];
