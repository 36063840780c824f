import type { SyncResult } from '../../sidebar/server';
import { runUntilDone } from '../../sidebar/syncLoop';

function part(status: SyncResult['status'], fetched: number): SyncResult {
  return {
    syncId: 's1',
    sheetName: 'Aura',
    status,
    kind: 'full',
    rows: 0,
    added: 0,
    updated: 0,
    removed: 0,
    durationMs: 0,
    fetched,
    pages: fetched / 100,
  };
}

describe('running a sync to the end', () => {
  it('continues while the server says so, reporting each part', async () => {
    const answers = [part('continuing', 200), part('done', 300)];
    const continued: string[] = [];
    const progress: number[] = [];
    const result = await runUntilDone(
      async () => part('continuing', 100),
      async (syncId) => {
        continued.push(syncId);
        return answers.shift()!;
      },
      (partial) => progress.push(partial.fetched),
    );
    expect(result.status).toBe('done');
    expect(continued).toEqual(['s1', 's1']);
    expect(progress).toEqual([100, 200]);
  });

  it('stops at the first failure', async () => {
    const next = jest.fn(async (): Promise<SyncResult> => {
      throw new Error('Aura rejected the API key.');
    });
    await expect(
      runUntilDone(
        async () => part('continuing', 100),
        next,
        () => {},
      ),
    ).rejects.toThrow('Aura rejected the API key.');
    expect(next).toHaveBeenCalledTimes(1);
  });
});
