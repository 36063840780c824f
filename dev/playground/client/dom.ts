/** The DOM helpers the page's modules share. Text goes in through textContent only, never as HTML. */

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** An element of the static page (index.html); a missing one is a bug in the page. */
export function byTestId<T extends HTMLElement = HTMLElement>(testId: string): T {
  const found = document.querySelector<T>(`[data-testid="${testId}"]`);
  if (!found) throw new Error(`The playground page has no element with data-testid="${testId}".`);
  return found;
}
