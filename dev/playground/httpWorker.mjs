// The worker thread behind httpTransport.ts: does one real HTTP exchange per call while the runtime's thread waits for
// it (synckit). Plain JavaScript so that it starts the same under tsx, jest or node, with no TypeScript loader.
import { runAsWorker } from 'synckit';

/** UrlFetchApp gives up after about a minute. */
const TIMEOUT_MS = 60_000;

/** Headers fetch manages itself; passing them on would clash with what it sends. */
const MANAGED_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);

/** "fetch failed" says nothing; its cause says what went wrong ("connect ECONNREFUSED 127.0.0.1:4010"). */
function failureMessage(error) {
  if (error?.name === 'TimeoutError') return `Timeout after ${TIMEOUT_MS / 1000} s`;
  return error?.cause?.message ?? error?.message ?? String(error);
}

runAsWorker(async ({ method, url, headers, body }) => {
  const sent = Object.fromEntries(Object.entries(headers).filter(([name]) => !MANAGED_HEADERS.has(name)));
  let response;
  try {
    // The runtime follows redirects itself, checking each hop against the whitelist, as UrlFetchApp does.
    response = await fetch(url, { method, headers: sent, body, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  } catch (error) {
    throw new Error(failureMessage(error));
  }
});
