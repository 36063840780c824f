/**
 * The sidebar's tabs (Syncs · Connections · Schedule · History) as a WAI-ARIA tablist: one tab in the Tab order
 * (roving tabindex), arrow keys, Home and End move between them and show their panel at once, as the tablist pattern
 * with automatic activation does.
 */
import { byTestId } from './dom';

export const TABS = ['syncs', 'connections', 'schedule', 'history'] as const;
export type TabName = (typeof TABS)[number];

export interface Tabs {
  /** Shows the tab's panel; `focus` moves the keyboard to the tab itself (what arrow keys do). */
  select(name: TabName, focus?: boolean): void;
  /** Shows the tablist once the state has loaded: before that, every panel only says "Loading…". */
  reveal(): void;
}

/** Which tab an arrow key, Home or End leads to from `index`, wrapping at the ends; null for any other key. */
export function tabAfterKey(key: string, index: number, count = TABS.length): number | null {
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return (index + 1) % count;
    case 'ArrowLeft':
    case 'ArrowUp':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** `onSelect` hears every change of tab, by click, key or call. */
export function sidebarTabs(list: HTMLElement, onSelect: (name: TabName) => void): Tabs {
  const tabs = TABS.map((name) => ({ name, tab: byTestId<HTMLButtonElement>(`tab-${name}`, list), panel: byTestId(`panel-${name}`) }));
  const select = (name: TabName, focus = false) => {
    for (const { name: each, tab, panel } of tabs) {
      const selected = each === name;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      panel.hidden = !selected;
    }
    if (focus) tabs.find((each) => each.name === name)!.tab.focus();
    onSelect(name);
  };

  for (const [index, { name, tab }] of tabs.entries()) {
    tab.addEventListener('click', () => select(name));
    tab.addEventListener('keydown', (event) => {
      const next = tabAfterKey(event.key, index);
      if (next === null) return;
      event.preventDefault();
      select(tabs[next].name, true);
    });
  }

  select('syncs');
  return {
    select,
    reveal() {
      list.hidden = false;
    },
  };
}
