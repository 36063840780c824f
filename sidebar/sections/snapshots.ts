/**
 * A saved sync's snapshots: the Snapshot button, which copies its table as values into a protected sheet of its
 * own (for a month-end close), and the snapshots saved so far. A part of each saved sync's row (savedSyncs.ts).
 */
import { h, showMessage, whileBusy } from '../dom';
import { formatWhen } from '../format';
import { call, errorMessage, type ScheduledSync } from '../server';
import type { SidebarContext } from './context';

export function snapshotControl(sync: ScheduledSync, context: SidebarContext): HTMLElement {
  const button = h('button', { type: 'button', 'data-testid': `snapshot-${sync.id}` }, 'Save snapshot');
  const message = h('p', { class: 'secondary', role: 'status', 'data-testid': `snapshot-message-${sync.id}` });
  const snapshots = sync.snapshots ?? [];
  const listed = h(
    'ul',
    { class: 'snapshot-list', 'data-testid': `snapshots-${sync.id}`, hidden: snapshots.length === 0 },
    ...snapshots.map((snapshot) => h('li', {}, `${snapshot.sheetName} (${formatWhen(snapshot.at, { timeZone: context.state.timeZone })})`)),
  );
  const element = h('div', { class: 'snapshots' }, button, message, listed);
  button.addEventListener('click', async () => {
    if (context.syncing) return;
    try {
      const result = await whileBusy(button, 'Saving…', element, () => call('snapshotSync', sync.id));
      showMessage(message, `Saved “${result.sheetName}”: ${result.rows} rows as values, protected with a warning.`, 'ok');
      await context.reload();
    } catch (failure) {
      showMessage(message, errorMessage(failure), 'error');
    }
  });
  return element;
}
