/** Counters for tests and the benchmark: how much work the add-on asked of the platform. */
export interface RuntimeStats {
  executions: number;
  urlFetch: { fetch: number; fetchAll: number; requests: number; rounds: number };
  /** Spreadsheet, Sheet and Range calls by method name ("getValues", "appendRow" …), and cells given values or formulas. */
  range: { calls: Record<string, number>; cellsWritten: number };
  /** Spreadsheet calls that read or write cells (what the kill switch counts), the cells they touched, their time. */
  sheets: { calls: number; cellsRead: number; cellsWritten: number; simulatedMs: number };
  properties: { calls: Record<string, number> };
  cache: { calls: Record<string, number> };
  /** Time spent waiting on the network (fetchAll counts its slowest request once). */
  simulatedNetworkMs: number;
  /** The script's own CPU time charged on the clock (only with the runtime's scriptCpuFactor option). */
  scriptCpuMs: number;
}

export function createStats(): RuntimeStats {
  return {
    executions: 0,
    urlFetch: { fetch: 0, fetchAll: 0, requests: 0, rounds: 0 },
    range: { calls: {}, cellsWritten: 0 },
    sheets: { calls: 0, cellsRead: 0, cellsWritten: 0, simulatedMs: 0 },
    properties: { calls: {} },
    cache: { calls: {} },
    simulatedNetworkMs: 0,
    scriptCpuMs: 0,
  };
}

export function countCall(calls: Record<string, number>, method: string): void {
  calls[method] = (calls[method] ?? 0) + 1;
}
