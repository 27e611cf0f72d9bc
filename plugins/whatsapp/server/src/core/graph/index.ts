/** The Graph API (WhatsApp Cloud API) client and its error classes. */
export { createGraphClient, type GraphClient } from './client';
export {
  GraphApiError,
  GraphTransportError,
  isGraphError,
  isRetryableGraphCode,
  explainGraphError,
  type GraphError,
  type GraphMethod,
  type GraphTransportErrorKind,
} from './errors';
export * from './types';
