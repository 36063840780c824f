/**
 * The playground's state on disk (.playground/state.json): the runtime's state (sheets, properties, triggers, clock),
 * plus what the playground itself needs to come back the same after a restart.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ProviderName } from '../addOn';
import type { RuntimeState, TriggerRun } from '../runtime';

export interface PlaygroundState {
  version: 1;
  runtime: RuntimeState;
  /** The sandboxes' data is generated from their seed and this time (see sandboxes.ts). */
  sandboxEpoch: number;
  /** The sandboxes' ports, asked for again so that base URLs saved in connections keep working. */
  sandboxPorts: Record<ProviderName, number>;
  /** The latest scheduled runs, newest last, for the page's log. */
  triggerRuns: TriggerRun[];
}

/** The saved state, or null when there is none yet. A file that cannot be read is an error, never silently lost. */
export function readState(path: string): PlaygroundState | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const state = JSON.parse(text) as PlaygroundState;
  if (state.version !== 1)
    throw new Error(`${path} holds playground state version ${String(state.version)}; start with --reset to begin again.`);
  return state;
}

/** Written to a temporary file and renamed over the old one, so that a crash mid-write never leaves half a file. */
export async function writeState(path: string, state: PlaygroundState): Promise<void> {
  const text = JSON.stringify(state); // before any await: the runtime may change meanwhile
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}
