/**
 * Connections: one card per provider to save, test and remove its credentials. Secrets go to the server and are
 * cleared from the page once saved; the card then shows them masked, as placeholders.
 */
import {
  baseUrlValue,
  connectionStatus,
  credentialLayout,
  credentialsToSave,
  fieldPlaceholder,
  isVerified,
  type CredentialField,
  type CredentialName,
} from '../credentials';
import { byTestId, h, showMessage, whileBusy } from '../dom';
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
  return { row: h('div', { class: 'form-group' }, label, h('div', { class: 'with-button' }, input, toggle)), input, conceal: () => show(false) };
}

function connectionCard(initial: ConnectionSummary, context: SidebarContext) {
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

  const status = h('p', { class: 'connection-status', 'data-testid': `connection-status-${provider}` });
  const save = h('button', { type: 'submit', class: 'action', 'data-testid': `save-${provider}` }, 'Save');
  const test = h('button', { type: 'button', 'data-testid': `test-${provider}` }, 'Test connection');
  const remove = h('button', { type: 'button', 'data-testid': `remove-${provider}` }, 'Remove');
  const buttons = h('div', { class: 'buttons' }, save, test, remove);
  const confirmText = h('p', { id: `confirm-remove-text-${provider}` }, `Remove your ${label} credentials? Saved syncs from ${label} stop working until you connect again.`);
  const confirmRemove = h('button', { type: 'button', class: 'danger', 'data-testid': `confirm-remove-${provider}` }, 'Remove');
  const cancelRemove = h('button', { type: 'button', 'data-testid': `cancel-remove-${provider}` }, 'Cancel');
  const confirm = h(
    'div',
    { class: 'confirm', role: 'group', 'aria-labelledby': confirmText.id, hidden: true },
    confirmText,
    h('div', { class: 'buttons' }, confirmRemove, cancelRemove),
  );
  const message = h('p', { class: 'message', role: 'status', 'data-testid': `connection-message-${provider}` });
  const titleId = `connection-title-${provider}`;
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': titleId, 'data-testid': `connection-${provider}` },
    h('h3', { id: titleId }, label),
    status,
    ...credentialRows,
    ...optional.map((field) => add(field)),
    buttons,
    confirm,
    message,
  );

  const askToRemove = (asking: boolean) => {
    confirm.hidden = !asking;
    buttons.hidden = asking;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showMessage(message, '');
    const entered = Object.fromEntries([...inputs].map(([name, { input }]) => [name, input.value]));
    let connections;
    try {
      connections = await whileBusy(save, 'Saving…', form, () => call('saveCredentials', provider, credentialsToSave(entered)));
    } catch (error) {
      showMessage(message, errorMessage(error), 'error');
      return;
    }
    for (const { input, conceal } of inputs.values()) {
      input.value = '';
      conceal();
    }
    context.update({ connections });
    // Saved is not connected: ask the provider at once, so the card says what it answered.
    await runTest(save, 'Testing…', `Saved, not tested: ${label} could not be asked`);
  });

  /** Tests the saved credentials; the answer (kept by the server as lastTest) is the card's message and status. */
  const runTest = async (button: HTMLButtonElement, busyLabel: string, untested: string) => {
    try {
      const answer = await whileBusy(button, busyLabel, form, () => call('testConnection', provider));
      showMessage(message, answer.message, answer.ok ? 'ok' : 'error');
    } catch (error) {
      showMessage(message, `${untested} (${errorMessage(error)}).`, 'warning');
    }
    await context.reload();
  };

  test.addEventListener('click', () => {
    showMessage(message, '');
    void runTest(test, 'Testing…', 'Not tested');
  });

  remove.addEventListener('click', () => {
    askToRemove(true);
    cancelRemove.focus();
  });
  cancelRemove.addEventListener('click', () => {
    askToRemove(false);
    remove.focus();
  });
  confirmRemove.addEventListener('click', async () => {
    showMessage(message, '');
    try {
      const connections = await whileBusy(confirmRemove, 'Removing…', form, () => call('clearCredentials', provider));
      askToRemove(false);
      context.update({ connections });
      [...inputs.values()][0]?.input.focus();
      showMessage(message, `${label} credentials removed.`, 'ok');
    } catch (error) {
      showMessage(message, errorMessage(error), 'error');
    }
  });

  let shown = '';
  return {
    element: form,
    update(summary: ConnectionSummary) {
      // Only a changed connection touches the inputs: saving another card must not wipe what is being typed here.
      const fingerprint = JSON.stringify(summary);
      if (fingerprint === shown) return;
      shown = fingerprint;
      status.textContent = connectionStatus(summary, { timeZone: context.state.timeZone });
      status.classList.toggle('connected', isVerified(summary));
      status.classList.toggle('failed', summary.lastTest?.ok === false);
      for (const field of summary.credentialFields) {
        const entry = inputs.get(field.name);
        if (!entry) continue;
        entry.input.placeholder = fieldPlaceholder(field, summary);
        if (field.name === 'baseUrl') entry.input.value = baseUrlValue(summary);
      }
      test.disabled = !summary.connected;
      remove.disabled = !summary.connected;
    },
  };
}

export function connectionsSection(section: HTMLElement, context: SidebarContext): Section {
  const container = byTestId('connection-cards', section);
  const cards = new Map<ProviderId, ReturnType<typeof connectionCard>>();
  return {
    render() {
      // A card per provider holds its default account; the provider's other accounts are the Accounts section's.
      for (const summary of context.state.connections.filter((connection) => connection.isDefault)) {
        let card = cards.get(summary.provider);
        if (!card) {
          card = connectionCard(summary, context);
          cards.set(summary.provider, card);
          container.append(card.element);
        }
        card.update(summary);
      }
    },
  };
}
