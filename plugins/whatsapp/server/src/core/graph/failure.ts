import { explainGraphError, GraphApiError, GraphTransportError } from '.';

export interface GraphFailure {
  code?: number;
  title: string;
  message: string;
}

/**
 * A Graph API failure in words an admin can act on, built only from safe fields (Meta's code,
 * title and our explanation): never the request, headers or token.
 */
export function describeGraphFailure(error: unknown): GraphFailure {
  if (error instanceof GraphApiError) {
    return { code: error.code, title: error.title, message: explainGraphError(error.code) };
  }
  if (error instanceof GraphTransportError) {
    return {
      title: 'Meta could not be reached',
      message: `No answer from the Graph API (${error.kind.replace('_', ' ')}). Check the network and try again.`,
    };
  }
  return { title: 'Unexpected error', message: 'The request to Meta failed unexpectedly. See the server log.' };
}
