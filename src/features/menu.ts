/**
 * The add-on menu. onOpen may run in AuthMode.NONE, where only the menu may be touched: no properties, no fetch.
 */
export const MENU_ITEMS: ReadonlyArray<readonly [caption: string, functionName: string]> = [
  ['Open sidebar', 'openSidebar'],
  ['Sync all now', 'syncAllNow'],
  ['Refresh PAYMENTS formulas', 'refreshPaymentsFormulas'],
  ["Check this spreadsheet's platform", 'checkPlatform'],
];

export function addMenu(ui: GoogleAppsScript.Base.Ui): void {
  const menu = ui.createAddonMenu();
  for (const [caption, functionName] of MENU_ITEMS) menu.addItem(caption, functionName);
  menu.addToUi();
}

export function openSidebar(): void {
  const html = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle('Payments Sync');
  SpreadsheetApp.getUi().showSidebar(html);
}
