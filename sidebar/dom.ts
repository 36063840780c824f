/**
 * The few DOM helpers the sections share. Text from the server (sheet names, error messages) only ever goes in
 * through textContent, never as HTML.
 */
import { sidebarMessage } from './messages';

type Attributes = Record<string, string | boolean | undefined>;
type Child = Node | string | null | undefined | false;

/** An element with attributes (true: present, false or undefined: absent) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, '');
    else if (typeof value === 'string') element.setAttribute(name, value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

/** An element of the static page (index.html); a missing one is a bug in the page, not something to carry on from. */
export function byTestId<T extends HTMLElement>(testId: string, root: ParentNode = document): T {
  const element = root.querySelector<T>(`[data-testid="${testId}"]`);
  if (!element) throw new Error(`The sidebar page has no element with data-testid="${testId}".`);
  return element;
}

export type MessageKind = 'ok' | 'warning' | 'error' | 'info';

/**
 * Fills a message region (an aria-live one in the page); empty text clears it. Server text is reworded for the
 * sidebar (messages.ts): no "open the sidebar", and a provider's own answer as a detail line under the plain words.
 */
export function showMessage(region: HTMLElement, text: string, kind: MessageKind = 'info'): void {
  const { text: shown, detail } = sidebarMessage(text);
  region.replaceChildren(shown, ...(detail ? [h('span', { class: 'detail', 'data-testid': 'message-detail' }, detail)] : []));
  region.classList.toggle('ok', kind === 'ok');
  region.classList.toggle('warning', kind === 'warning');
  region.classList.toggle('error', kind === 'error');
}

/**
 * Runs a server call with its button disabled and saying what is happening ("Saving…"), and its section marked
 * aria-busy. Rendering the answer is the caller's, after this returns: it may disable the button again.
 */
export async function whileBusy<T>(button: HTMLButtonElement, busyLabel: string, section: HTMLElement, work: () => Promise<T>): Promise<T> {
  const label = button.textContent;
  const hadFocus = document.activeElement === button;
  button.disabled = true;
  button.textContent = busyLabel;
  section.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.textContent = label;
    section.setAttribute('aria-busy', 'false');
    // A disabled button drops the focus; give it back unless the user has moved on meanwhile.
    if (hadFocus && (document.activeElement === null || document.activeElement === document.body)) button.focus();
  }
}

/** Re-renders a list and puts the focus back on the control with the same test id, so a keyboard user keeps their place. */
export function keepingFocus(container: HTMLElement, render: () => void): void {
  const focused = document.activeElement;
  const testId = focused instanceof HTMLElement && container.contains(focused) ? focused.dataset.testid : undefined;
  render();
  if (testId) container.querySelector<HTMLElement>(`[data-testid="${testId}"]`)?.focus();
}
