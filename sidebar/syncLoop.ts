/**
 * A sync longer than one Apps Script execution comes back "continuing"; the sidebar asks for the next part until it
 * is done. No DOM here: the caller shows the progress.
 */
import type { SyncResult } from './server';

export async function runUntilDone(
  start: () => Promise<SyncResult>,
  continueSync: (syncId: string) => Promise<SyncResult>,
  onProgress: (partial: SyncResult) => void,
): Promise<SyncResult> {
  let result = await start();
  while (result.status === 'continuing') {
    onProgress(result);
    result = await continueSync(result.syncId);
  }
  return result;
}
