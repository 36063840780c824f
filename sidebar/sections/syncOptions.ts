/**
 * The sync form's columns, write mode, filters and summary sheet: which columns the table has and in which order (id is always
 * kept, to match rows to payments), update or append, and filters by currency, method, amount and customer. A part
 * of the sync form (syncForm.ts), built here so the form only reads and fills it.
 */
import { h } from '../dom';
import type { SyncDefinition, SyncRequest } from '../server';
import type { SidebarContext } from './context';

/** What the options add to the form's request, or where the user must fix them. */
export type OptionsChecked = { ok: true; value: Partial<SyncRequest> } | { ok: false; error: string; element: HTMLElement };

export interface SyncOptionsControl {
  element: HTMLElement;
  read(): OptionsChecked;
  /** A saved sync's options (Edit), or the defaults for a new sync (null). */
  fill(sync: SyncDefinition | null): void;
}

/** Columns a sync always writes, whether chosen or not: the server keeps them to match rows to payments. */
const ALWAYS_KEPT = ['id'];

const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export function syncOptionsControl(context: SidebarContext): SyncOptionsControl {
  const columnList = h('ol', { class: 'column-list', 'data-testid': 'sync-columns', 'aria-label': 'Columns, in order' });
  const mode = h(
    'select',
    { id: 'sync-mode', 'data-testid': 'sync-mode', 'aria-describedby': 'sync-mode-hint' },
    h('option', { value: 'update' }, 'Update rows (upsert)'),
    h('option', { value: 'append' }, 'Append new payments only'),
  );
  const field = (id: string, label: string, attributes: Record<string, string> = {}) => {
    const input = h('input', { id, 'data-testid': id, type: 'text', ...attributes });
    return { input, group: h('div', { class: 'form-group' }, h('label', { for: id }, label), input) };
  };
  const currencies = field('sync-currencies', 'Currencies (comma list, e.g. EUR, USD)');
  const methods = field('sync-methods', 'Methods (as the method column shows them)');
  const minAmount = field('sync-min-amount', 'Minimum amount', { inputmode: 'decimal' });
  const customer = field('sync-customer', 'Customer name or email contains');
  const summary = h('input', { type: 'checkbox', id: 'sync-summary', 'data-testid': 'sync-summary' });
  const element = h(
    'details',
    { class: 'sync-options', 'data-testid': 'sync-options' },
    h('summary', {}, 'Columns, mode and filters'),
    h('p', { class: 'secondary' }, 'Tick the columns to write, and move them into order. id is always kept: it matches rows to payments.'),
    columnList,
    h('div', { class: 'form-group' }, h('label', { for: 'sync-mode' }, 'Write mode'), mode),
    h(
      'p',
      { class: 'secondary', id: 'sync-mode-hint' },
      'Append adds payments not in the sheet yet, on top, and never changes a row: for closed periods.',
    ),
    currencies.group,
    methods.group,
    minAmount.group,
    customer.group,
    h(
      'div',
      { class: 'checkbox' },
      summary,
      h('label', { for: 'sync-summary' }, 'Keep a summary sheet beside it: totals by month and currency, with a chart'),
    ),
  );

  /** The column rows in their shown order: a checkbox and up / down buttons each. */
  const rows = () => [...columnList.querySelectorAll<HTMLLIElement>('li')];
  const columnRow = (column: string, checked: boolean) => {
    const id = `sync-column-${column}`;
    const kept = ALWAYS_KEPT.includes(column);
    const box = h('input', { type: 'checkbox', id, value: column, 'data-testid': id, checked: checked || kept, disabled: kept });
    const up = h('button', { type: 'button', class: 'small', 'data-testid': `${id}-up`, 'aria-label': `Move ${column} up` }, '↑');
    const down = h('button', { type: 'button', class: 'small', 'data-testid': `${id}-down`, 'aria-label': `Move ${column} down` }, '↓');
    const row = h(
      'li',
      { 'data-column': column },
      h('div', { class: 'checkbox' }, box, h('label', { for: id }, kept ? `${column} (always kept)` : column)),
      up,
      down,
    );
    up.addEventListener('click', () => {
      if (row.previousElementSibling) columnList.insertBefore(row, row.previousElementSibling);
      up.focus();
    });
    down.addEventListener('click', () => {
      if (row.nextElementSibling) columnList.insertBefore(row.nextElementSibling, row);
      down.focus();
    });
    return row;
  };
  const showColumns = (chosen: readonly string[] | null) => {
    const all = context.state.columns;
    const order = chosen ? [...chosen, ...all.filter((column) => !chosen.includes(column))] : all;
    columnList.replaceChildren(...order.map((column) => columnRow(column, !chosen || chosen.includes(column))));
  };

  return {
    element,
    read() {
      const boxes = rows().map((row) => row.querySelector<HTMLInputElement>('input')!);
      const chosen = boxes.filter((box) => box.checked).map((box) => box.value);
      const everyColumn =
        chosen.length === context.state.columns.length && chosen.every((column, i) => column === context.state.columns[i]);
      const amountText = minAmount.input.value.trim();
      const amount = amountText === '' ? undefined : Number(amountText);
      minAmount.input.removeAttribute('aria-invalid');
      if (amount !== undefined && !Number.isFinite(amount)) {
        minAmount.input.setAttribute('aria-invalid', 'true');
        return { ok: false, error: `“${amountText}” is not an amount: type a number such as 25 or 12.50.`, element: minAmount.input };
      }
      return {
        ok: true,
        value: {
          columns: everyColumn ? null : chosen,
          mode: mode.value === 'append' ? 'append' : 'update',
          // Sent even when empty: an edit that clears a filter must clear it on the server too.
          currencies: list(currencies.input.value),
          methods: list(methods.input.value),
          ...(amount !== undefined && { minAmount: amount }),
          customer: customer.input.value.trim(),
          summary: summary.checked,
        },
      };
    },
    fill(sync) {
      showColumns(sync?.columns ?? null);
      mode.value = sync?.mode ?? 'update';
      currencies.input.value = (sync?.filters?.currencies ?? []).join(', ');
      methods.input.value = (sync?.filters?.methods ?? []).join(', ');
      minAmount.input.value = sync?.filters?.minAmount === undefined ? '' : String(sync.filters.minAmount);
      customer.input.value = sync?.filters?.customer ?? '';
      summary.checked = sync?.summary ?? false;
    },
  };
}
