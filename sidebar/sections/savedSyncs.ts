/**
 * Saved syncs: every sync of this spreadsheet with its last run, to run again, edit in the sync form, or delete.
 */
import { byTestId, h, keepingFocus, whileBusy } from '../dom';
import { formatWhen, providerLabel, rangeDescription, runOutcome, runOutcomeClass, statusesLabel } from '../format';
import { call, errorMessage, type ScheduledSync } from '../server';
import type { Section, SidebarContext } from './context';
import { syncRunner } from './syncRunner';
import { syncScheduleControl } from './syncSchedule';
import { snapshotControl } from './snapshots';

export function savedSyncsSection(section: HTMLElement, context: SidebarContext): Section {
  const heading = section.querySelector('h2')!;
  const list = byTestId('saved-sync-list', section);
  const empty = byTestId('saved-syncs-empty', section);
  const runner = syncRunner(section, 'saved-sync', context);
  // Run again, Edit and Delete wait while any sync runs (Edit would change the form under a running Save & sync);
  // they are toggled in place so the running button keeps "Syncing…".
  let waitForSync: HTMLButtonElement[] = [];

  const row = (sync: ScheduledSync) => {
    const last = sync.lastRun;
    const runAgain = h('button', { type: 'button', 'data-testid': `run-${sync.id}` }, 'Run again');
    const edit = h('button', { type: 'button', 'data-testid': `edit-${sync.id}` }, 'Edit');
    const remove = h('button', { type: 'button', 'data-testid': `delete-${sync.id}` }, 'Delete');
    const buttons = h('div', { class: 'buttons' }, runAgain, edit, remove);
    const confirmText = h(
      'p',
      { id: `confirm-delete-text-${sync.id}` },
      `Delete the saved sync into “${sync.sheetName}”? The sheet and its rows stay.`,
    );
    const confirmDelete = h('button', { type: 'button', class: 'danger', 'data-testid': `confirm-delete-${sync.id}` }, 'Delete');
    const cancelDelete = h('button', { type: 'button', 'data-testid': `cancel-delete-${sync.id}` }, 'Cancel');
    const confirm = h(
      'div',
      { class: 'confirm', role: 'group', 'aria-labelledby': confirmText.id, hidden: true },
      confirmText,
      h('div', { class: 'buttons' }, confirmDelete, cancelDelete),
    );
    waitForSync.push(runAgain, edit, remove, confirmDelete);

    runAgain.addEventListener('click', () => {
      if (!context.syncing) void runner.run(runAgain, () => call('runSavedSync', sync.id, false));
    });
    edit.addEventListener('click', () => context.editSync(sync));
    remove.addEventListener('click', () => {
      buttons.hidden = true;
      confirm.hidden = false;
      cancelDelete.focus();
    });
    cancelDelete.addEventListener('click', () => {
      confirm.hidden = true;
      buttons.hidden = false;
      remove.focus();
    });
    confirmDelete.addEventListener('click', async () => {
      try {
        const syncs = await whileBusy(confirmDelete, 'Deleting…', section, () => call('deleteSync', sync.id));
        context.update({ syncs });
        runner.note(`Deleted the saved sync into “${sync.sheetName}”. The sheet stays.`);
        heading.focus();
      } catch (failure) {
        runner.fail(errorMessage(failure));
      }
    });

    return h(
      'li',
      { class: 'item', 'data-testid': `saved-sync-${sync.id}` },
      h('p', { class: 'item-title' }, sync.sheetName),
      h(
        'p',
        { class: 'secondary' },
        `${providerLabel(context.state.connections, sync.provider)} · ${rangeDescription(sync)} · ${statusesLabel(sync.statuses)}`,
      ),
      h(
        'p',
        { class: last ? runOutcomeClass(last) : 'secondary', 'data-testid': `saved-sync-last-run-${sync.id}` },
        last
          ? `Last run ${formatWhen(last.at, { timeZone: context.state.timeZone })}, ${last.trigger}: ${runOutcome(last)}`
          : 'Not run yet.',
      ),
      syncScheduleControl(sync, context),
      snapshotControl(sync, context),
      buttons,
      confirm,
    );
  };

  let shown = '';
  return {
    render() {
      const { syncs } = context.state;
      const fingerprint = JSON.stringify(syncs);
      if (fingerprint !== shown) {
        shown = fingerprint;
        waitForSync = [];
        keepingFocus(list, () => list.replaceChildren(...syncs.map(row)));
        empty.hidden = syncs.length > 0;
      }
      for (const button of waitForSync) button.disabled = context.syncing;
    },
  };
}
