/**
 * The wire between the local Apps Script runtime's UrlFetchApp and whatever answers it: the in-memory
 * provider simulators (tests, benchmark) or real HTTP (playground). Synchronous, like UrlFetchApp.
 */
export interface WireRequest {
  method: string; // upper case: GET, POST, ...
  url: string;
  headers: Record<string, string>; // names lower-cased
  body?: string;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>; // names as the server sent them
  body: string;
  /** Simulated network time for this exchange; the runtime uses its default round trip when absent. */
  latencyMs?: number;
}

/** Throws an Error for a transport failure (DNS, connection reset, timeout), as UrlFetchApp does. */
export type Transport = (request: WireRequest) => WireResponse;
