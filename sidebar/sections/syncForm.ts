/**
 * Sync to a sheet: the form that defines a new sync and runs it at once, or, in Edit mode, changes a saved one.
 * Edit mode is always visible ("Editing …" on top, Save / Save & sync / Cancel below): outside it the form sends no
 * syncId, so it never changes a saved sync behind the user's back.
 */
import { byTestId, h, whileBusy } from '../dom';
import { capitalize, providerLabel, rangeLabel, syncLabel } from '../format';
import { call, errorMessage, type SyncDefinition, type SyncRequest } from '../server';
import { buildSyncRequest, defaultSheetName, formValuesOf, sheetOwner, type SyncFormField, type SyncFormValues } from '../syncRequest';
import type { Section, SidebarContext } from './context';
import { syncRunner } from './syncRunner';
import { syncOptionsControl } from './syncOptions';

/** A new sync shows data at once: "this month" holds almost nothing on the 1st. */
const DEFAULT_RANGE = 'last_12_months';

export interface SyncFormSection extends Section {
  /** Enters Edit mode for a saved sync: its values in the form, brought into view. */
  edit(sync: SyncDefinition): void;
  /** A plain form on a provider just connected, its first field focused: the newcomer's next step. */
  start(provider: string): void;
}

export function syncFormSection(section: HTMLElement, context: SidebarContext): SyncFormSection {
  const form = section.querySelector('form')!;
  const editing = byTestId('sync-editing', section);
  const provider = byTestId<HTMLSelectElement>('sync-provider', section);
  const providerHint = byTestId('sync-provider-hint', section);
  const statusBoxes = byTestId('sync-statuses', section);
  const range = byTestId<HTMLSelectElement>('sync-range', section);
  const customDates = byTestId('sync-custom-dates', section);
  const from = byTestId<HTMLInputElement>('sync-from', section);
  const to = byTestId<HTMLInputElement>('sync-to', section);
  const sheet = byTestId<HTMLInputElement>('sync-sheet', section);
  const sheetProblem = byTestId('sync-sheet-problem', section);
  const sheetError = byTestId('sync-sheet-error', section);
  const editOwner = byTestId<HTMLButtonElement>('sync-edit-owner', section);
  const full = byTestId<HTMLInputElement>('sync-full', section);
  const syncNow = byTestId<HTMLButtonElement>('sync-now', section);
  const save = byTestId<HTMLButtonElement>('sync-save', section);
  const cancel = byTestId<HTMLButtonElement>('sync-cancel', section);
  const runner = syncRunner(section, 'sync', context);
  const options = syncOptionsControl(context);
  full.closest('.form-group')!.before(options.element);
  const fieldElements: Record<SyncFormField, HTMLElement> = { provider, statuses: statusBoxes, range, from, to, sheetName: sheet, full };

  // The sheet name follows the provider until the user types one of their own.
  let suggestedSheet = '';
  // A provider put in the form by Edit stays chosen even if it is not connected: picking another one instead would
  // quietly move the saved sync to that provider on Save. The server then says what is wrong.
  let editedProvider = '';
  // The saved sync Edit mode changes; null is the plain form, which defines a new sync.
  let editingSyncId: string | null = null;
  // The saved sync the last refused sheet belongs to, for "Edit that sync".
  let owner: SyncDefinition | null = null;
  let saving = false;

  const editedSync = () => context.state.syncs.find((sync) => sync.id === editingSyncId) ?? null;
  const connectedProviders = () => context.state.connections.filter((connection) => connection.connected);
  const suggestSheet = () => {
    const label = context.state.connections.find((connection) => connection.provider === provider.value)?.label;
    if (!label || (sheet.value.trim() !== '' && sheet.value !== suggestedSheet)) return;
    suggestedSheet = defaultSheetName(
      label,
      context.state.syncs.map((sync) => sync.sheetName),
    );
    sheet.value = suggestedSheet;
  };
  const showCustomDates = () => {
    customDates.hidden = range.value !== 'custom';
  };
  const statusInputs = () => [...statusBoxes.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
  const defaultRange = () => (context.state.ranges.includes(DEFAULT_RANGE) ? DEFAULT_RANGE : context.state.ranges[0]);

  const readValues = (): SyncFormValues => ({
    provider: provider.value,
    statuses: statusInputs()
      .filter((box) => box.checked)
      .map((box) => box.value),
    range: range.value,
    from: from.value,
    to: to.value,
    sheetName: sheet.value,
    full: full.checked,
    syncId: editingSyncId,
  });

  const fillValues = (values: SyncFormValues) => {
    editedProvider = values.syncId ? values.provider : '';
    provider.value = values.provider;
    for (const box of statusInputs()) box.checked = values.statuses.includes(box.value);
    range.value = values.range;
    showCustomDates();
    from.value = values.from;
    to.value = values.to;
    sheet.value = values.sheetName;
    full.checked = values.full;
  };

  const markInvalid = (field: SyncFormField | null) => {
    for (const [name, element] of Object.entries(fieldElements)) {
      if (name === field) element.setAttribute('aria-invalid', 'true');
      else element.removeAttribute('aria-invalid');
    }
  };

  const hideSheetProblem = () => {
    owner = null;
    sheetProblem.hidden = true;
    sheetError.textContent = '';
    sheet.removeAttribute('aria-describedby');
  };

  /** A refused sheet, said next to the sheet field, with the way to the sync it belongs to. */
  const showSheetProblem = (message: string, belongsTo: SyncDefinition) => {
    owner = belongsTo;
    sheetError.textContent = message;
    editOwner.hidden = false;
    sheetProblem.hidden = false;
    sheet.setAttribute('aria-describedby', sheetProblem.id);
    markInvalid('sheetName');
  };

  /**
   * The runner's and Save's failure hook. A request into another sync's sheet that failed without that sync running
   * (the server refuses such a sheet before any run) failed because of the sheet.
   */
  const sheetFailure = (syncsBefore: readonly SyncDefinition[], request: SyncRequest) => (message: string) => {
    const belongsTo = sheetOwner(syncsBefore, request.sheetName, request.syncId);
    const now = belongsTo && context.state.syncs.find((sync) => sync.id === belongsTo.id);
    if (!belongsTo || (now && now.lastRun?.at !== belongsTo.lastRun?.at)) return false;
    showSheetProblem(message, now ?? belongsTo);
    return true;
  };

  /** The buttons as the mode and any work in progress allow; the submit button's text is left to whileBusy meanwhile. */
  const renderButtons = () => {
    const busy = context.syncing || saving;
    syncNow.disabled = busy || connectedProviders().length === 0;
    save.disabled = busy;
    cancel.disabled = busy;
  };

  const editingText = (sync: SyncDefinition) => `Editing ${syncLabel(sync, providerLabel(context.state.connections, sync.provider))}`;

  /** Switches the form between plain and Edit mode; only when the mode changes, as whileBusy owns the labels meanwhile. */
  const showMode = () => {
    const sync = editedSync();
    editing.hidden = !sync;
    editing.textContent = sync ? editingText(sync) : '';
    syncNow.textContent = sync ? 'Save & sync' : 'Sync now';
    save.hidden = !sync;
    cancel.hidden = !sync;
    renderButtons();
  };

  /** Back to the plain form, cleared: a new sync with the default choices. */
  const leaveEditMode = () => {
    editingSyncId = null;
    fillValues({
      provider: connectedProviders()[0]?.provider ?? '',
      statuses: [],
      range: defaultRange(),
      from: '',
      to: '',
      sheetName: '',
      full: false,
      syncId: null,
    });
    suggestedSheet = '';
    suggestSheet();
    options.fill(null);
    markInvalid(null);
    hideSheetProblem();
    showMode();
  };

  const enterEditMode = (sync: SyncDefinition) => {
    fillValues(formValuesOf(sync));
    options.fill(sync);
    editingSyncId = sync.id;
    markInvalid(null);
    hideSheetProblem();
    showMode();
    runner.note('Change what you need, then Save, or Save & sync to run it now.');
    section.scrollIntoView({ block: 'start' });
    provider.focus();
  };

  /** The form's request, or null after pointing at the field to fix. */
  const checkedRequest = (): SyncRequest | null => {
    hideSheetProblem();
    const checked = buildSyncRequest(readValues(), context.state.statuses);
    if (!checked.ok) {
      markInvalid(checked.field);
      runner.fail(checked.error);
      (checked.field === 'statuses' ? statusInputs()[0] : fieldElements[checked.field])?.focus();
      return null;
    }
    markInvalid(null);
    const shape = options.read();
    if (!shape.ok) {
      runner.fail(shape.error);
      shape.element.focus();
      return null;
    }
    return { ...checked.value, ...shape.value };
  };

  provider.addEventListener('change', () => {
    editedProvider = '';
    suggestSheet();
  });
  range.addEventListener('change', showCustomDates);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (context.syncing || saving) return;
    const request = checkedRequest();
    if (!request) return;
    const finished = await runner.run(syncNow, () => call('syncPayments', request), sheetFailure(context.state.syncs, request));
    // Saved and run: the edit is done. A failed run keeps Edit mode, to fix and try again.
    if (finished && request.syncId && editingSyncId === request.syncId) leaveEditMode();
  });

  save.addEventListener('click', async () => {
    if (context.syncing || saving) return;
    const request = checkedRequest();
    if (!request) return;
    const showFailure = sheetFailure(context.state.syncs, request);
    saving = true;
    renderButtons();
    try {
      const syncs = await whileBusy(save, 'Saving…', section, () => call('saveSync', request));
      const saved = syncs.find((sync) => sync.id === request.syncId);
      context.update({ syncs });
      leaveEditMode();
      runner.note(
        saved
          ? `Saved ${syncLabel(saved, providerLabel(context.state.connections, saved.provider))}. It has not run: Run again under Saved syncs pulls its payments.`
          : 'Saved.',
      );
      provider.focus();
    } catch (failure) {
      const message = errorMessage(failure);
      if (!showFailure(message)) runner.fail(message);
    } finally {
      saving = false;
      renderButtons();
    }
  });

  cancel.addEventListener('click', () => {
    leaveEditMode();
    runner.note('');
    provider.focus();
  });

  editOwner.addEventListener('click', () => {
    const belongsTo = owner && (context.state.syncs.find((sync) => sync.id === owner!.id) ?? owner);
    if (belongsTo && !context.syncing && !saving) enterEditMode(belongsTo);
  });

  // The statuses and ranges come with the first state; they do not change while the sidebar is open.
  let optionsBuilt = false;
  const buildOptions = () => {
    for (const status of context.state.statuses) {
      const id = `sync-status-${status}`;
      statusBoxes.append(
        h(
          'div',
          { class: 'checkbox' },
          h('input', { type: 'checkbox', id, value: status, 'data-testid': id }),
          h('label', { for: id }, capitalize(status)),
        ),
      );
    }
    range.append(...context.state.ranges.map((value) => h('option', { value }, rangeLabel(value))));
    range.value = defaultRange();
    showCustomDates();
    options.fill(null);
    optionsBuilt = true;
  };

  return {
    render() {
      if (!optionsBuilt) buildOptions();
      const { connections } = context.state;
      const chosen = provider.value;
      provider.replaceChildren(
        ...connections.map((connection) =>
          h(
            'option',
            { value: connection.provider, disabled: !connection.connected },
            connection.connected ? connection.label : `${connection.label} (not connected)`,
          ),
        ),
      );
      const connected = connectedProviders();
      const keep = connected.some((connection) => connection.provider === chosen) || (chosen !== '' && chosen === editedProvider);
      provider.value = keep ? chosen : (connected[0]?.provider ?? '');
      if (!keep) suggestSheet();
      provider.disabled = connected.length === 0;
      providerHint.hidden = connected.length > 0;
      if (editingSyncId && !editedSync() && !context.syncing && !saving) {
        // Deleted meanwhile (here or by someone else): there is nothing left to save into.
        leaveEditMode();
        runner.note('The sync you were editing was deleted; the form makes a new sync again.');
      } else {
        // Someone may have changed the sync meanwhile: the banner names it as it is saved now.
        const sync = editedSync();
        if (sync) editing.textContent = editingText(sync);
        renderButtons();
      }
    },

    edit: enterEditMode,

    start(chosen) {
      if (editingSyncId) return;
      if (connectedProviders().some((connection) => connection.provider === chosen)) provider.value = chosen;
      suggestSheet();
      provider.focus();
    },
  };
}
