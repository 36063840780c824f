/**
 * Sync to a sheet: the form that defines a sync (or, through Edit, changes a saved one) and runs it at once.
 */
import { byTestId, h } from '../dom';
import { capitalize, rangeLabel } from '../format';
import { call } from '../server';
import { buildSyncRequest, defaultSheetName, type SyncFormField, type SyncFormValues } from '../syncRequest';
import type { Section, SidebarContext } from './context';
import { syncRunner } from './syncRunner';

const DEFAULT_RANGE = 'this_month';

export interface SyncFormSection extends Section {
  /** Fills the form with a saved sync's values and brings it into view. */
  fill(values: SyncFormValues, note: string): void;
}

export function syncFormSection(section: HTMLElement, context: SidebarContext): SyncFormSection {
  const form = section.querySelector('form')!;
  const provider = byTestId<HTMLSelectElement>('sync-provider', section);
  const providerHint = byTestId('sync-provider-hint', section);
  const statusBoxes = byTestId('sync-statuses', section);
  const range = byTestId<HTMLSelectElement>('sync-range', section);
  const customDates = byTestId('sync-custom-dates', section);
  const from = byTestId<HTMLInputElement>('sync-from', section);
  const to = byTestId<HTMLInputElement>('sync-to', section);
  const sheet = byTestId<HTMLInputElement>('sync-sheet', section);
  const full = byTestId<HTMLInputElement>('sync-full', section);
  const syncNow = byTestId<HTMLButtonElement>('sync-now', section);
  const runner = syncRunner(section, 'sync', context);
  const fieldElements: Record<SyncFormField, HTMLElement> = { provider, statuses: statusBoxes, range, from, to, sheetName: sheet, full };

  // The sheet name follows the provider until the user types one of their own.
  let suggestedSheet = '';
  // A provider put in the form by Edit stays chosen even if it is not connected: picking another one instead would
  // quietly move the saved sync to that provider on Sync now. The server then says what is wrong.
  let editedProvider = '';
  // Set by Edit until that sync has been saved again, so a renamed sheet moves the saved sync rather than adding one.
  let editingSyncId: string | null = null;
  const suggestSheet = () => {
    const label = context.state.connections.find((connection) => connection.provider === provider.value)?.label;
    if (!label || (sheet.value.trim() !== '' && sheet.value !== suggestedSheet)) return;
    suggestedSheet = defaultSheetName(label);
    sheet.value = suggestedSheet;
  };
  const showCustomDates = () => {
    customDates.hidden = range.value !== 'custom';
  };
  const statusInputs = () => [...statusBoxes.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];

  const readValues = (): SyncFormValues => ({
    provider: provider.value,
    statuses: statusInputs().filter((box) => box.checked).map((box) => box.value),
    range: range.value,
    from: from.value,
    to: to.value,
    sheetName: sheet.value,
    full: full.checked,
    syncId: editingSyncId,
  });

  const markInvalid = (field: SyncFormField | null) => {
    for (const [name, element] of Object.entries(fieldElements)) {
      if (name === field) element.setAttribute('aria-invalid', 'true');
      else element.removeAttribute('aria-invalid');
    }
  };

  provider.addEventListener('change', () => {
    editedProvider = '';
    suggestSheet();
  });
  range.addEventListener('change', showCustomDates);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (context.syncing) return;
    const checked = buildSyncRequest(readValues(), context.state.statuses);
    if (!checked.ok) {
      markInvalid(checked.field);
      runner.fail(checked.error);
      (checked.field === 'statuses' ? statusInputs()[0] : fieldElements[checked.field])?.focus();
      return;
    }
    markInvalid(null);
    void runner.run(syncNow, async () => {
      const started = await call('syncPayments', checked.value);
      editingSyncId = null;
      return started;
    });
  });

  // The statuses and ranges come with the first state; they do not change while the sidebar is open.
  let optionsBuilt = false;
  const buildOptions = () => {
    for (const status of context.state.statuses) {
      const id = `sync-status-${status}`;
      statusBoxes.append(
        h('div', { class: 'checkbox' }, h('input', { type: 'checkbox', id, value: status, 'data-testid': id }), h('label', { for: id }, capitalize(status))),
      );
    }
    range.append(...context.state.ranges.map((value) => h('option', { value }, rangeLabel(value))));
    range.value = context.state.ranges.includes(DEFAULT_RANGE) ? DEFAULT_RANGE : context.state.ranges[0];
    showCustomDates();
    optionsBuilt = true;
  };

  return {
    render() {
      if (!optionsBuilt) buildOptions();
      const { connections } = context.state;
      const chosen = provider.value;
      provider.replaceChildren(
        ...connections.map((connection) =>
          h('option', { value: connection.provider, disabled: !connection.connected }, connection.connected ? connection.label : `${connection.label} (not connected)`),
        ),
      );
      const connected = connections.filter((connection) => connection.connected);
      const keep = connected.some((connection) => connection.provider === chosen) || (chosen !== '' && chosen === editedProvider);
      provider.value = keep ? chosen : (connected[0]?.provider ?? '');
      if (!keep) suggestSheet();
      provider.disabled = connected.length === 0;
      providerHint.hidden = connected.length > 0;
      syncNow.disabled = context.syncing || connected.length === 0;
    },

    fill(values, note) {
      editedProvider = values.provider;
      editingSyncId = values.syncId;
      provider.value = values.provider;
      for (const box of statusInputs()) box.checked = values.statuses.includes(box.value);
      range.value = values.range;
      showCustomDates();
      from.value = values.from;
      to.value = values.to;
      sheet.value = values.sheetName;
      full.checked = values.full;
      markInvalid(null);
      runner.note(note);
      section.scrollIntoView({ block: 'start' });
      provider.focus();
    },
  };
}
