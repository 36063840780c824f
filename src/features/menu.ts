/**
 * The add-on menu. onOpen may run in AuthMode.NONE, where only the menu may be touched: no properties, no fetch.
 */
import type { UserInterface } from '../platform/types';

export const MENU_ITEMS: ReadonlyArray<readonly [caption: string, functionName: string]> = [
  ['Open sidebar', 'openSidebar'],
  ['Sync all now', 'syncAllNow'],
  ['Refresh PAYMENTS formulas', 'refreshPaymentsFormulas'],
  ["Check this spreadsheet's platform", 'checkPlatform'],
];

export function addMenu(ui: UserInterface): void {
  ui.addMenu(MENU_ITEMS);
}

export function openSidebar(ui: UserInterface): void {
  ui.showSidebarFile('Payments Sync', 'Sidebar');
}
