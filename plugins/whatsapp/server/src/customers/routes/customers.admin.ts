import { ACTIONS } from '../../../../shared/permissions';
import { allow } from '../../routes/allow';

/**
 * The customer panel beside a conversation: contact, consent and the records that point to the
 * customer. Read with the inbox's action; each record type also needs the Content Manager's read.
 */
export default [
  { method: 'GET', path: '/customers/:documentId/records', handler: 'customer-records.records', config: allow(ACTIONS.messagesRead) },
];
