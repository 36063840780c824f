/**
 * Runs a sync to the end while a section shows its progress bar and then its outcome or error. Both the sync form
 * and the saved syncs use it, each with its own elements in index.html: `${prefix}-progress`, `-progress-text`,
 * `-outcome` and `-error`.
 */
import { byTestId, showMessage, whileBusy } from '../dom';
import { progressMessage, syncOutcomeMessage } from '../format';
import { call, errorMessage, type SyncResult } from '../server';
import { runUntilDone } from '../syncLoop';
import type { SidebarContext } from './context';

export interface SyncRunner {
  run(button: HTMLButtonElement, start: () => Promise<SyncResult>): Promise<void>;
  /** Shows a problem found before any sync started, such as a form field to fix. */
  fail(message: string): void;
  /** Shows a note where the outcome goes. */
  note(message: string): void;
}

export function syncRunner(section: HTMLElement, prefix: string, context: SidebarContext): SyncRunner {
  const progress = byTestId<HTMLProgressElement>(`${prefix}-progress`, section);
  const progressText = byTestId(`${prefix}-progress-text`, section);
  const outcome = byTestId(`${prefix}-outcome`, section);
  const error = byTestId(`${prefix}-error`, section);

  const showProgress = (text: string) => {
    progress.hidden = !text;
    showMessage(progressText, text);
  };
  const clear = () => {
    showProgress('');
    showMessage(outcome, '');
    showMessage(error, '');
  };

  return {
    async run(button, start) {
      clear();
      showProgress('Fetching payments…');
      context.setSyncing(true);
      try {
        const result = await whileBusy(button, 'Syncing…', section, () =>
          runUntilDone(start, (syncId) => call('continueSync', syncId), (partial) => showProgress(progressMessage(partial))),
        );
        showMessage(outcome, syncOutcomeMessage(result), 'ok');
      } catch (failure) {
        showMessage(error, errorMessage(failure), 'error');
      } finally {
        showProgress('');
        context.setSyncing(false);
      }
      // Succeeded or not, the run changed the saved syncs and the run log.
      await context.reload();
    },
    fail(message) {
      clear();
      showMessage(error, message, 'error');
    },
    note(message) {
      clear();
      showMessage(outcome, message);
    },
  };
}
