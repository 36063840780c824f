/**
 * Accounts: a provider's several accounts (two clients' Aura, say), each with a name. Lists every connected account
 * with Rename, Test and Remove, and adds a named one with its own credentials. The provider cards above keep the
 * default account; this section is the rest. Names go in through textContent only, never as HTML.
 */
import { credentialsToSave } from '../credentials';
import { byTestId, h, showMessage, whileBusy } from '../dom';
import { call, errorMessage, type ConnectionSummary, type ProviderId } from '../server';
import type { Section, SidebarContext } from './context';

/** A stable, attribute-safe id for an account's controls. */
function accountTestId(summary: Pick<ConnectionSummary, 'provider' | 'account'>): string {
  return `${summary.provider}-${summary.account.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

function accountRow(summary: ConnectionSummary, context: SidebarContext, message: HTMLElement): HTMLElement {
  const id = accountTestId(summary);
  const name = h(
    'span',
    { class: 'account-name', 'data-testid': `account-name-${id}` },
    `${summary.label} · ${summary.account}${summary.isDefault ? ' (default)' : ''}`,
  );
  const renameInput = h('input', {
    type: 'text',
    'aria-label': `New name for ${summary.account}`,
    'data-testid': `account-new-name-${id}`,
    maxlength: '50',
    hidden: true,
  });
  const rename = h('button', { type: 'button', 'data-testid': `account-rename-${id}` }, 'Rename');
  const test = h('button', { type: 'button', 'data-testid': `account-test-${id}` }, 'Test');
  const remove = h('button', { type: 'button', 'data-testid': `account-remove-${id}` }, 'Remove');
  const row = h('li', { 'data-testid': `account-${id}` }, name, renameInput, h('div', { class: 'buttons' }, rename, test, remove));

  rename.addEventListener('click', async () => {
    if (renameInput.hidden) {
      renameInput.hidden = false;
      renameInput.value = summary.account;
      renameInput.focus();
      rename.textContent = 'Save name';
      return;
    }
    try {
      const connections = await whileBusy(rename, 'Renaming…', row, () =>
        call('renameAccount', summary.provider, summary.account, renameInput.value),
      );
      context.update({ connections });
      showMessage(message, `Renamed to “${renameInput.value.trim()}”.`, 'ok');
    } catch (error) {
      showMessage(message, errorMessage(error), 'error');
    }
  });
  test.addEventListener('click', async () => {
    try {
      const answer = await whileBusy(test, 'Testing…', row, () => call('testConnection', summary.provider, summary.account));
      showMessage(message, answer.message, answer.ok ? 'ok' : 'error');
    } catch (error) {
      showMessage(message, errorMessage(error), 'error');
    }
  });
  remove.addEventListener('click', async () => {
    try {
      const connections = await whileBusy(remove, 'Removing…', row, () => call('clearCredentials', summary.provider, summary.account));
      context.update({ connections });
      showMessage(message, `${summary.label} account “${summary.account}” removed.`, 'ok');
    } catch (error) {
      showMessage(message, errorMessage(error), 'error');
    }
  });
  return row;
}

/** The add form: a provider, a name, and the provider's secret fields (shown for the provider chosen). */
function addForm(context: SidebarContext, message: HTMLElement): { element: HTMLElement; render(): void } {
  const provider = h('select', { id: 'account-provider', 'data-testid': 'account-provider' });
  const name = h('input', {
    type: 'text',
    id: 'account-name',
    'data-testid': 'account-name',
    maxlength: '50',
    autocomplete: 'off',
    placeholder: 'EU shop',
  });
  const fields = h('div', { 'data-testid': 'account-fields' });
  const add = h('button', { type: 'submit', class: 'action', 'data-testid': 'account-add' }, 'Add account');
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'data-testid': 'account-form' },
    h('div', { class: 'form-group' }, h('label', { for: 'account-provider' }, 'Provider'), provider),
    h('div', { class: 'form-group' }, h('label', { for: 'account-name' }, 'Account name'), name),
    fields,
    h('div', { class: 'buttons' }, add),
  );
  const inputs = new Map<string, HTMLInputElement>();
  const showFields = () => {
    fields.replaceChildren();
    inputs.clear();
    const summary = context.state.connections.find((connection) => connection.provider === provider.value);
    for (const field of summary?.credentialFields ?? []) {
      const inputId = `account-${field.name}`;
      const input = h('input', {
        type: field.secret ? 'password' : 'text',
        id: inputId,
        'data-testid': inputId,
        autocomplete: 'off',
        spellcheck: 'false',
      });
      inputs.set(field.name, input);
      fields.append(h('div', { class: 'form-group' }, h('label', { for: inputId }, field.label), input));
    }
  };
  provider.addEventListener('change', showFields);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const entered = Object.fromEntries([...inputs].map(([field, input]) => [field, input.value]));
    try {
      const credentials = { ...credentialsToSave(entered), account: name.value };
      const connections = await whileBusy(add, 'Adding…', form, () => call('saveCredentials', provider.value as ProviderId, credentials));
      for (const input of inputs.values()) input.value = '';
      context.update({ connections });
      showMessage(message, `Added. Use it as "${provider.value}:${name.value.trim()}" in PAYMENTS or a sync.`, 'ok');
      name.value = '';
    } catch (error) {
      showMessage(message, errorMessage(error), 'error');
    }
  });
  return {
    element: form,
    render() {
      const providers = [...new Map(context.state.connections.map((connection) => [connection.provider, connection.label]))];
      if (provider.options.length === providers.length) return;
      provider.replaceChildren(...providers.map(([id, label]) => h('option', { value: id }, label)));
      showFields();
    },
  };
}

/** Hook-in: `accountsSection(element, context)` where element holds a list (data-testid="account-list") and a message region. */
export function accountsSection(section: HTMLElement, context: SidebarContext): Section {
  const list = byTestId('account-list', section);
  const message = byTestId('account-message', section);
  const form = addForm(context, message);
  section.append(form.element);
  return {
    render() {
      const connected = context.state.connections.filter((connection) => connection.connected);
      list.replaceChildren(...connected.map((summary) => accountRow(summary, context, message)));
      form.render();
    },
  };
}
