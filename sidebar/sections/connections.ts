/**
 * Connections: one group per provider. A saved connection is one line — name, masked key, status from its last test,
 * and a menu for Test / Edit / Remove — so the tab stays short; the credentials form opens only to connect or edit.
 * Secrets go to the server and are cleared from the page once saved; the form then shows them masked, as placeholders.
 *
 * Each provider's group lists its accounts one line each (`accountLine`). Today a provider has one connection, so the
 * list has at most one line; sections/accounts.ts, which gives a provider several accounts, plugs in at
 * `accountsOf` (which accounts a group lists) and reuses `accountLine` for each.
 */
import {
  baseUrlValue,
  connectionStatus,
  connectionTone,
  credentialLayout,
  credentialsToSave,
  fieldPlaceholder,
  savedCredentialHint,
  type CredentialField,
  type CredentialName,
} from '../credentials';
import { byTestId, h, showMessage, whileBusy } from '../dom';
import { menuButton } from '../menuButton';
import { call, errorMessage, type ConnectionSummary, type ProviderId } from '../server';
import type { Section, SidebarContext } from './context';

interface CredentialInput {
  row: HTMLElement;
  input: HTMLInputElement;
  /** Masks a secret again (after saving); a no-op for plain fields. */
  conceal(): void;
}

function credentialInput(field: CredentialField, provider: ProviderId, labelHidden: boolean): CredentialInput {
  const inputId = `${field.name}-${provider}`;
  const input = h('input', {
    type: field.secret ? 'password' : field.name === 'baseUrl' ? 'url' : 'text',
    id: inputId,
    name: field.name,
    'data-testid': inputId,
    autocomplete: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
  });
  const label = h('label', { for: inputId, class: labelHidden ? 'visually-hidden' : undefined }, field.label);
  if (!field.secret) return { row: h('div', { class: 'form-group' }, label, input), input, conceal: () => {} };

  const what = field.label.toLowerCase();
  const toggle = h('button', { type: 'button', class: 'reveal', 'aria-controls': inputId, 'data-testid': `reveal-${inputId}` });
  const show = (visible: boolean) => {
    input.type = visible ? 'text' : 'password';
    toggle.textContent = visible ? 'Hide' : 'Show';
    toggle.setAttribute('aria-label', `${visible ? 'Hide' : 'Show'} ${what}`);
  };
  show(false);
  toggle.addEventListener('click', () => show(input.type === 'password'));
  return {
    row: h('div', { class: 'form-group' }, label, h('div', { class: 'with-button' }, input, toggle)),
    input,
    conceal: () => show(false),
  };
}

/** The accounts a provider's group lists: today its one connection, once saved. */
function accountsOf(summary: ConnectionSummary): ConnectionSummary[] {
  return summary.connected ? [summary] : [];
}

export interface AccountActions {
  test(): void;
  edit(): void;
  remove(): void;
}

/** One account on one line: its name, masked key and status, and the menu of what can be done with it. */
export function accountLine(
  summary: ConnectionSummary,
  context: SidebarContext,
  actions: AccountActions,
): { element: HTMLElement; status: HTMLElement; menu: HTMLButtonElement } {
  const { provider, label } = summary;
  const status = h(
    'span',
    { class: `connection-status ${connectionTone(summary)}`, 'data-testid': `connection-status-${provider}` },
    connectionStatus(summary, { timeZone: context.state.timeZone }),
  );
  status.title = status.textContent ?? '';
  const hint = savedCredentialHint(summary);
  const menu = menuButton(`${label}: test, edit or remove`, `connection-menu-${provider}`, [
    { label: 'Test connection', testId: `test-${provider}`, run: actions.test },
    { label: 'Edit', testId: `edit-connection-${provider}`, run: actions.edit },
    { label: 'Remove', testId: `remove-${provider}`, run: actions.remove },
  ]);
  const element = h(
    'li',
    { class: 'connection-line', 'data-testid': `account-${provider}` },
    h('span', { class: 'connection-name', title: label }, label),
    hint &&
      h(
        'span',
        { class: 'masked', 'data-testid': `connection-key-${provider}`, 'aria-label': `key ending ${hint.replace(/^•+/, '')}` },
        hint,
      ),
    status,
    menu.element,
  );
  return { element, status, menu: menu.button };
}

function connectionGroup(initial: ConnectionSummary, context: SidebarContext) {
  const { provider, label } = initial;
  const inputs = new Map<CredentialName, CredentialInput>();
  const add = (field: CredentialField, labelHidden = false) => {
    const entry = credentialInput(field, provider, labelHidden);
    inputs.set(field.name, entry);
    return entry.row;
  };

  // Koteshen connects with an access token or with a client id + secret: each way in its own fieldset, "or" between.
  const { alternatives, optional } = credentialLayout(initial.credentialFields);
  const credentialRows: Node[] =
    alternatives.length === 1
      ? alternatives[0].fields.map((field) => add(field))
      : alternatives.flatMap((alternative, index) => [
          ...(index > 0 ? [h('p', { class: 'or' }, 'or')] : []),
          h(
            'fieldset',
            { class: 'alternative' },
            h('legend', {}, alternative.legend),
            // A lone field's label would repeat the legend, so screen readers get it and eyes do not.
            ...alternative.fields.map((field) => add(field, alternative.fields.length === 1)),
          ),
        ]);

  const titleId = `connection-title-${provider}`;
  const heading = h('h3', { id: titleId }, label);
  const notConnected = h('span', { class: 'connection-status untested', 'data-testid': `connection-status-${provider}` }, 'Not connected');
  const connect = h('button', { type: 'button', 'data-testid': `connect-${provider}`, 'aria-label': `Connect ${label}` }, 'Connect');
  // Shown while nothing is saved: the provider and a way to connect it, on one line.
  const offLine = h('div', { class: 'connection-line' }, h('span', { class: 'connection-name' }, label), notConnected, connect);
  const accounts = h('ul', { class: 'accounts', 'aria-labelledby': titleId, 'data-testid': `accounts-${provider}` });

  const save = h('button', { type: 'submit', class: 'action', 'data-testid': `save-${provider}` }, 'Save');
  const cancel = h('button', { type: 'button', 'data-testid': `cancel-connection-${provider}` }, 'Cancel');
  const form = h(
    'form',
    {
      class: 'credentials',
      novalidate: true,
      'aria-label': `${label} credentials`,
      'data-testid': `connection-form-${provider}`,
      hidden: true,
    },
    ...credentialRows,
    ...optional.map((field) => add(field)),
    h('div', { class: 'buttons' }, save, cancel),
  );
  const confirmText = h(
    'p',
    { id: `confirm-remove-text-${provider}` },
    `Remove your ${label} credentials? Saved syncs from ${label} stop working until you connect again.`,
  );
  const confirmRemove = h('button', { type: 'button', class: 'danger', 'data-testid': `confirm-remove-${provider}` }, 'Remove');
  const cancelRemove = h('button', { type: 'button', 'data-testid': `cancel-remove-${provider}` }, 'Cancel');
  const confirm = h(
    'div',
    { class: 'confirm', role: 'group', 'aria-labelledby': confirmText.id, hidden: true },
    confirmText,
    h('div', { class: 'buttons' }, confirmRemove, cancelRemove),
  );
  const message = h('p', { class: 'message', role: 'status', 'data-testid': `connection-message-${provider}` });
  // The newcomer's next step once a provider answers: straight to the sync form, with this provider chosen.
  const toSync = h(
    'button',
    { type: 'button', class: 'action', 'data-testid': `sync-next-${provider}`, hidden: true },
    `Sync ${label} payments`,
  );
  const group = h(
    'li',
    { class: 'provider', 'aria-labelledby': titleId, 'data-testid': `connection-${provider}` },
    h('div', { class: 'visually-hidden' }, heading),
    offLine,
    accounts,
    form,
    confirm,
    message,
    h('div', { class: 'buttons next-step' }, toSync),
  );

  let summary = initial;
  // What the line last showed; a test clears it, since its "Testing…" must give way to the answer even if unchanged.
  let shown = '';
  let menu: HTMLButtonElement | null = null;
  let status: HTMLElement = notConnected;

  /** The button a keyboard user comes back to when the form or the confirmation closes. */
  const homeButton = () => (summary.connected && menu ? menu : connect);
  const openForm = (open: boolean) => {
    form.hidden = !open;
    if (open) {
      confirm.hidden = true;
      [...inputs.values()][0]?.input.focus();
    }
  };

  /**
   * Tests the saved credentials; the answer (kept by the server as lastTest) becomes the line's status and the
   * message. From Save the Save button says "Testing…"; from the menu the status does, and the menu waits.
   */
  const test = async (untested: string, button?: HTMLButtonElement): Promise<boolean> => {
    let passed = false;
    status.textContent = 'Testing…';
    if (menu) menu.disabled = true;
    try {
      const ask = () => call('testConnection', provider);
      const answer = await (button ? whileBusy(button, 'Testing…', group, ask) : ask());
      showMessage(message, answer.message, answer.ok ? 'ok' : 'error');
      passed = answer.ok;
    } catch (error) {
      showMessage(message, `${untested} (${errorMessage(error)}).`, 'warning');
    }
    shown = '';
    await context.reload();
    return passed;
  };

  const actions: AccountActions = {
    test: () => {
      showMessage(message, '');
      toSync.hidden = true;
      void test('Not tested').then(() => {
        // The menu waited, disabled, and so dropped the focus: give it back unless the user has moved on.
        if (document.activeElement === null || document.activeElement === document.body) homeButton().focus();
      });
    },
    edit: () => openForm(true),
    remove: () => {
      form.hidden = true;
      confirm.hidden = false;
      cancelRemove.focus();
    },
  };

  connect.addEventListener('click', () => openForm(true));
  cancel.addEventListener('click', () => {
    openForm(false);
    homeButton().focus();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showMessage(message, '');
    toSync.hidden = true;
    const entered = Object.fromEntries([...inputs].map(([name, { input }]) => [name, input.value]));
    let connections: ConnectionSummary[];
    try {
      connections = await whileBusy(save, 'Saving…', group, () => call('saveCredentials', provider, credentialsToSave(entered)));
    } catch (error) {
      showMessage(message, errorMessage(error), 'error');
      return;
    }
    for (const { input, conceal } of inputs.values()) {
      input.value = '';
      conceal();
    }
    context.update({ connections });
    // Saved is not connected: ask the provider at once, so the line says what it answered.
    const passed = await test(`Saved, not tested: ${label} could not be asked`, save);
    // A refused key keeps the form open, to paste it again; an accepted one folds back into its line.
    if (passed) {
      openForm(false);
      toSync.hidden = context.state.syncs.some((sync) => sync.provider === provider);
      (toSync.hidden ? homeButton() : toSync).focus();
    }
  });

  cancelRemove.addEventListener('click', () => {
    confirm.hidden = true;
    homeButton().focus();
  });
  confirmRemove.addEventListener('click', async () => {
    showMessage(message, '');
    try {
      const connections = await whileBusy(confirmRemove, 'Removing…', group, () => call('clearCredentials', provider));
      confirm.hidden = true;
      toSync.hidden = true;
      context.update({ connections });
      connect.focus();
      showMessage(message, `${label} credentials removed.`, 'ok');
    } catch (error) {
      showMessage(message, errorMessage(error), 'error');
    }
  });

  toSync.addEventListener('click', () => {
    toSync.hidden = true;
    context.startSync(provider);
  });

  return {
    element: group,
    open: () => openForm(true),
    update(fresh: ConnectionSummary) {
      summary = fresh;
      // Only a changed connection touches the line and the inputs: saving another provider must not wipe what is
      // being typed here, nor close the menu being used.
      const fingerprint = JSON.stringify([fresh, context.state.timeZone]);
      if (fingerprint === shown) return;
      shown = fingerprint;
      const hadFocus = group.contains(document.activeElement) && (document.activeElement as HTMLElement).closest('.accounts') !== null;
      const lines = accountsOf(fresh).map((account) => accountLine(account, context, actions));
      accounts.replaceChildren(...lines.map((line) => line.element));
      menu = lines[0]?.menu ?? null;
      status = lines[0]?.status ?? notConnected;
      accounts.hidden = lines.length === 0;
      // Out of the page rather than hidden: its status would be a second one with the same name.
      if (lines.length > 0) offLine.remove();
      else if (!offLine.isConnected) accounts.before(offLine);
      if (hadFocus) homeButton().focus();
      for (const field of fresh.credentialFields) {
        const entry = inputs.get(field.name);
        if (!entry) continue;
        entry.input.placeholder = fieldPlaceholder(field, fresh);
        if (field.name === 'baseUrl') entry.input.value = baseUrlValue(fresh);
      }
    },
  };
}

export interface ConnectionsSection extends Section {
  /** Opens a provider's form, its first field focused (from Get started). */
  open(provider: ProviderId): void;
}

export function connectionsSection(section: HTMLElement, context: SidebarContext): ConnectionsSection {
  const container = byTestId('connection-cards', section);
  const groups = new Map<ProviderId, ReturnType<typeof connectionGroup>>();
  return {
    render() {
      // A line per provider holds its default account; the provider's other accounts are the Accounts section's.
      for (const summary of context.state.connections.filter((connection) => connection.isDefault)) {
        let group = groups.get(summary.provider);
        if (!group) {
          group = connectionGroup(summary, context);
          groups.set(summary.provider, group);
          container.append(group.element);
        }
        group.update(summary);
      }
    },
    open(provider) {
      groups.get(provider)?.open();
    },
  };
}
