/**
 * A small actions menu behind one button ("⋯"), as the WAI-ARIA menu button pattern has it: Enter, Space or ↓ opens
 * it on its first item, ↑/↓ move, Escape closes it back to its button, Tab or a click elsewhere closes it.
 */
import { h } from './dom';

export interface MenuItem {
  label: string;
  testId: string;
  run(): void;
}

export interface MenuButton {
  element: HTMLElement;
  button: HTMLButtonElement;
  close(): void;
}

export function menuButton(accessibleName: string, testId: string, items: MenuItem[]): MenuButton {
  const menuId = `${testId}-items`;
  const button = h(
    'button',
    {
      type: 'button',
      class: 'menu-button',
      'aria-haspopup': 'menu',
      'aria-expanded': 'false',
      'aria-controls': menuId,
      'aria-label': accessibleName,
      title: accessibleName,
      'data-testid': testId,
    },
    '⋯',
  );
  const entries = items.map((item) =>
    h('button', { type: 'button', role: 'menuitem', tabindex: '-1', 'data-testid': item.testId }, item.label),
  );
  const popup = h('div', { class: 'menu', role: 'menu', id: menuId, 'aria-label': accessibleName, hidden: true }, ...entries);
  const element = h('div', { class: 'menu-anchor' }, button, popup);

  const isOpen = () => !popup.hidden;
  const open = (focusIndex: number) => {
    popup.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    entries[(focusIndex + entries.length) % entries.length].focus();
  };
  const close = (focusButton = false) => {
    if (!isOpen()) return;
    popup.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    if (focusButton) button.focus();
  };

  button.addEventListener('click', () => (isOpen() ? close() : open(0)));
  button.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      open(event.key === 'ArrowDown' ? 0 : -1);
    }
  });
  for (const [index, entry] of entries.entries()) {
    entry.addEventListener('click', () => {
      close(true);
      items[index].run();
    });
    entry.addEventListener('keydown', (event) => {
      const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: entries.length - 1 };
      if (event.key in moves) {
        event.preventDefault();
        entries[(moves[event.key] + entries.length) % entries.length].focus();
      } else if (event.key === 'Escape') {
        event.preventDefault();
        close(true);
      } else if (event.key === 'Tab') {
        close();
      }
    });
  }
  document.addEventListener('mousedown', (event) => {
    if (!element.contains(event.target as Node)) close();
  });

  return { element, button, close: () => close() };
}
