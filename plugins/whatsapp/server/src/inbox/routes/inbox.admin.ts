import { ACTIONS } from '../../../../shared/permissions';
import { allow } from '../../routes/allow';

/** Admin API of the inbox: conversations, timelines, read markers, the live stream, statistics. Sending uses messages.ts. */
export default [
  { method: 'GET', path: '/conversations', handler: 'conversation.list', config: allow(ACTIONS.messagesRead) },
  { method: 'POST', path: '/conversations/read', handler: 'conversation.markRead', config: allow(ACTIONS.messagesRead) },
  { method: 'POST', path: '/conversations/typing', handler: 'conversation.typing', config: allow(ACTIONS.messagesSend) },
  { method: 'GET', path: '/customers/:documentId/timeline', handler: 'conversation.timeline', config: allow(ACTIONS.messagesRead) },
  { method: 'POST', path: '/stream/token', handler: 'stream.token', config: allow(ACTIONS.messagesRead) },
  // Authenticated by the stream token in the query (EventSource cannot send headers): inbox/stream.ts.
  { method: 'GET', path: '/stream', handler: 'stream.open', config: { auth: false } },
  { method: 'GET', path: '/stats', handler: 'stats.get', config: allow(ACTIONS.messagesRead) },
  { method: 'GET', path: '/stats/export.csv', handler: 'stats.exportCsv', config: allow(ACTIONS.messagesRead) },
];
