/** HTTP as the add-on sees UrlFetchApp: requests, responses, and a transport that fails without an answer. */

export interface HttpRequest {
  url: string;
  method: 'get' | 'post';
  headers: Record<string, string>;
  /** Form-encoded or JSON text; set contentType to match. */
  payload?: string;
  contentType?: string;
}

export interface HttpResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
}

/** A request that never got an HTTP answer (DNS, connection reset, timeout). */
export interface TransportFailure {
  transportError: string;
}

export type HttpOutcome = HttpResponse | TransportFailure;

export interface Http {
  /** Sends the requests in parallel (one round trip for the lot); one outcome per request, in order. */
  fetchAll(requests: HttpRequest[]): HttpOutcome[];
}

export function isTransportFailure(outcome: HttpOutcome): outcome is TransportFailure {
  return (outcome as TransportFailure).transportError !== undefined;
}
