import { ACTIONS } from '../../../../shared/permissions';
import { allow } from '../../routes/allow';

/**
 * The customer panel beside a conversation: contact, consent and the records that point to the
 * customer. Read with the inbox's action; each record type also needs the Content Manager's read.
 */
export default [
  { method: 'GET', path: '/customers/:documentId/records', handler: 'customer-records.records', config: allow(ACTIONS.messagesRead) },
  // Blocking on WhatsApp (docs/customers-blocking.md): the state with the inbox's action, changes with customers-block.
  { method: 'GET', path: '/customers/:documentId/block', handler: 'customer-block.state', config: allow(ACTIONS.messagesRead) },
  { method: 'POST', path: '/customers/:documentId/block', handler: 'customer-block.block', config: allow(ACTIONS.customersBlock) },
  { method: 'DELETE', path: '/customers/:documentId/block', handler: 'customer-block.unblock', config: allow(ACTIONS.customersBlock) },
];
