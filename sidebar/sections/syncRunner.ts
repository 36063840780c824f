/**
 * Runs a sync to the end while a section shows its progress bar and then its outcome or error. Both the sync form
 * and the saved syncs use it, each with its own elements in index.html: `${prefix}-progress`, `-progress-text`,
 * `-outcome` and `-error`.
 */
import { byTestId, showMessage, whileBusy } from '../dom';
import { outcomeKind, progressMessage, progressShare, syncOutcomeMessage } from '../format';
import { call, errorMessage, type SyncResult } from '../server';
import { runUntilDone } from '../syncLoop';
import type { SidebarContext } from './context';

export interface SyncRunner {
  /**
   * True when the sync ran to the end. `showFailure` may show a failure somewhere better than the section's error
   * (next to the field it is about) and return true; otherwise the section shows it. It is asked once the state has
   * been loaded again, so it can tell from the saved syncs whether the sync ran at all.
   */
  run(button: HTMLButtonElement, start: () => Promise<SyncResult>, showFailure?: (message: string) => boolean): Promise<boolean>;
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

  /** The bar has an end only when the server says how many payments there are; otherwise it just shows it runs. */
  const showProgress = (text: string, share: number | null = null) => {
    progress.hidden = !text;
    if (share === null) progress.removeAttribute('value');
    else progress.value = share;
    showMessage(progressText, text);
  };
  const clear = () => {
    showProgress('');
    showMessage(outcome, '');
    showMessage(error, '');
  };

  return {
    async run(button, start, showFailure = () => false) {
      let failed: string | null = null;
      clear();
      showProgress('Fetching payments…');
      context.setSyncing(true);
      try {
        const result = await whileBusy(button, 'Syncing…', section, () =>
          runUntilDone(
            start,
            (syncId) => call('continueSync', syncId),
            (partial) => showProgress(progressMessage(partial), progressShare(partial)),
          ),
        );
        showMessage(outcome, syncOutcomeMessage(result), outcomeKind(result));
      } catch (failure) {
        failed = errorMessage(failure);
      } finally {
        showProgress('');
        context.setSyncing(false);
      }
      // Succeeded or not, the run changed the saved syncs and the run log.
      await context.reload();
      if (failed !== null && !showFailure(failed)) showMessage(error, failed, 'error');
      return failed === null;
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
