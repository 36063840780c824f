/**
 * The playground page: the grid with its sheet tabs, the add-on's menu, its sidebar (the real one, in a frame), its
 * toasts, the clock and the log of scheduled runs, all following the server's status as it changes.
 */
import type { MenuEntry } from '../../runtime';
import { API, SIDEBAR_PATH, type EditAnswer, type GridWindow, type PlaygroundStatus, type Toast } from '../protocol';
import { hourLasts } from '../clockSpeed';
import { byTestId, element } from './dom';
import { Grid } from './grid';
import { callServerFunction } from './scriptRun';

const DEFAULT_TOAST_SECONDS = 5;

async function postJson(path: string, body: unknown): Promise<void> {
  const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(await response.text());
  const answer = (await response.json()) as EditAnswer;
  if (!answer.ok) throw new Error(answer.message);
}

const editError = byTestId('edit-error');

/** A failed edit says why under the grid until the next edit. */
async function edit(path: string, body: unknown): Promise<void> {
  editError.hidden = true;
  try {
    await postJson(path, body);
  } catch (error) {
    editError.textContent = (error as Error).message;
    editError.hidden = false;
  }
}

const grid = new Grid(byTestId('grid'), byTestId('name-box'), byTestId<HTMLInputElement>('formula-input'), byTestId('formula-error'), {
  async load(sheet, top, bottom) {
    const response = await fetch(`${API.cells}?${new URLSearchParams({ sheet, top: String(top), bottom: String(bottom) })}`);
    if (!response.ok) throw new Error(await response.text());
    return (await response.json()) as GridWindow;
  },
  edit: (sheet, a1, input) => edit(API.cell, { sheet, a1, input }),
  addRows: (sheet, count) => edit(API.rows, { sheet, count }),
});

let status: PlaygroundStatus | null = null;
/** When `status` arrived, for the clock between updates. */
let statusReceivedAt = 0;

// ---------------------------------------------------------------------------------------------------
// Sheet tabs

const tabs = byTestId('sheet-tabs');
let knownSheets: Set<string> | null = null;

function showSheet(name: string): void {
  const sheet = status?.sheets.find((each) => each.name === name);
  if (!sheet || !status) return;
  grid.show(sheet, status.revision);
  for (const tab of tabs.children) tab.setAttribute('aria-selected', String((tab as HTMLElement).dataset.sheet === name));
}

function renderTabs(current: PlaygroundStatus): void {
  const names = current.sheets.map((sheet) => sheet.name);
  // A sheet the add-on (or "+") just added comes to the front, as Sheets activates an inserted sheet.
  const added = knownSheets ? names.filter((name) => !knownSheets!.has(name)) : [];
  if (!knownSheets || added.length > 0 || names.length !== knownSheets.size) {
    tabs.replaceChildren(
      ...names.map((name) => {
        const tab = element('button', 'tab', name);
        tab.type = 'button';
        tab.setAttribute('role', 'tab');
        tab.dataset.sheet = name;
        tab.dataset.testid = `sheet-tab-${name}`;
        tab.addEventListener('click', () => showSheet(name));
        return tab;
      }),
    );
    knownSheets = new Set(names);
  }
  const shown = grid.sheetName;
  showSheet(added.at(-1) ?? (shown !== undefined && names.includes(shown) ? shown : names[0]));
}

byTestId('add-sheet').addEventListener('click', () => void edit(API.sheets, {}));

// ---------------------------------------------------------------------------------------------------
// The add-on menu: Extensions → Payments Sync → items, each running its function as the menu would

const menuButton = byTestId<HTMLButtonElement>('menu-extensions');
const menuPopup = byTestId('menu-extensions-popup');
const running = byTestId('running');

function closeMenu(): void {
  menuPopup.hidden = true;
  menuButton.setAttribute('aria-expanded', 'false');
}

async function runMenuItem(caption: string, functionName: string): Promise<void> {
  closeMenu();
  running.textContent = `Running “${caption}”…`;
  running.classList.remove('error');
  running.hidden = false;
  try {
    await callServerFunction(functionName, []);
    running.hidden = true;
  } catch (error) {
    // Sheets reports a menu function's failure in the same place.
    running.textContent = `“${caption}” failed: ${(error as Error).message}`;
    running.classList.add('error');
  }
}

function menuItems(entries: MenuEntry[]): HTMLElement[] {
  return entries.map((entry) => {
    if ('separator' in entry) return element('div', 'menu-separator');
    if ('submenu' in entry) {
      const item = element('div', 'menu-item has-submenu', entry.caption);
      item.tabIndex = 0;
      const popup = element('div', 'menu-popup submenu');
      popup.setAttribute('role', 'menu');
      popup.append(...menuItems(entry.submenu));
      item.append(popup);
      return item;
    }
    const item = element('button', 'menu-item', entry.caption);
    item.type = 'button';
    item.setAttribute('role', 'menuitem');
    item.dataset.testid = `menu-item-${entry.functionName}`;
    item.addEventListener('click', () => void runMenuItem(entry.caption, entry.functionName));
    return item;
  });
}

let shownMenu = '';
function renderMenu(current: PlaygroundStatus): void {
  const fingerprint = JSON.stringify(current.menu);
  if (fingerprint === shownMenu) return;
  shownMenu = fingerprint;
  const entries: MenuEntry[] = current.menu ? [{ caption: current.menu.title, submenu: current.menu.items }] : [];
  menuPopup.replaceChildren(
    ...(entries.length ? menuItems(entries) : [element('div', 'menu-empty', 'No add-on menu: onOpen has not run.')]),
  );
}

menuButton.addEventListener('click', () => {
  const open = menuPopup.hidden;
  menuPopup.hidden = !open;
  menuButton.setAttribute('aria-expanded', String(open));
});
document.addEventListener('mousedown', (event) => {
  if (!menuPopup.hidden && !(event.target as HTMLElement).closest('.menu')) closeMenu();
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') closeMenu();
});

// ---------------------------------------------------------------------------------------------------
// The sidebar, shown each time the add-on shows it

const sidebarPanel = byTestId('sidebar-panel');
const sidebarFrame = byTestId<HTMLIFrameElement>('sidebar-frame');
let sidebarShown = 0;

function renderSidebar(current: PlaygroundStatus): void {
  if (!current.sidebar || current.sidebar.shown === sidebarShown) return;
  sidebarShown = current.sidebar.shown;
  byTestId('sidebar-title').textContent = current.sidebar.title;
  // A new address each time, so the frame loads the sidebar afresh, as Sheets does.
  sidebarFrame.src = `${SIDEBAR_PATH}?shown=${sidebarShown}`;
  sidebarPanel.hidden = false;
}

byTestId('sidebar-close').addEventListener('click', () => {
  sidebarPanel.hidden = true;
  sidebarFrame.removeAttribute('src');
});

// ---------------------------------------------------------------------------------------------------
// Toasts

const toastArea = byTestId('toasts');
let lastToastSeq: number | null = null;

function showToast(toast: Toast): void {
  const box = element('div', 'toast');
  box.setAttribute('role', 'status');
  const close = element('button', 'close', '×');
  close.type = 'button';
  close.setAttribute('aria-label', 'Dismiss');
  close.addEventListener('click', () => box.remove());
  box.append(element('p', 'toast-title', toast.title), element('p', 'toast-message', toast.message), close);
  toastArea.append(box);
  // Apps Script: a negative timeout keeps the toast until it is dismissed.
  const seconds = toast.timeoutSeconds ?? DEFAULT_TOAST_SECONDS;
  if (seconds >= 0) setTimeout(() => box.remove(), seconds * 1000);
}

function renderToasts(current: PlaygroundStatus): void {
  const newest = current.toasts.at(-1)?.seq ?? -1;
  // A restarted server counts its toasts from 0 again.
  if (lastToastSeq !== null && newest < lastToastSeq) lastToastSeq = newest;
  // Toasts from before the page opened are not news.
  if (lastToastSeq !== null) for (const toast of current.toasts) if (toast.seq > lastToastSeq) showToast(toast);
  lastToastSeq = Math.max(newest, lastToastSeq ?? -1);
}

// ---------------------------------------------------------------------------------------------------
// The clock, the schedule and its runs

const clock = byTestId<HTMLTimeElement>('clock');

function formatTime(time: number, timeZone: string, withDate: boolean): string {
  const options: Intl.DateTimeFormatOptions = withDate
    ? { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }
    : { timeZone, hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat('en-GB', options).format(time);
}

function renderClock(): void {
  if (!status) return;
  const now = status.clock.now + (Date.now() - statusReceivedAt) * status.clock.speed;
  clock.textContent = `${formatTime(now, status.timeZone, true)} (${status.timeZone})`;
  clock.dateTime = new Date(now).toISOString();
}

function everyLabel(trigger: PlaygroundStatus['triggers'][number]): string {
  if (trigger.everyHours) return trigger.everyHours === 1 ? 'every hour' : `every ${trigger.everyHours} hours`;
  if (trigger.everyDays) return trigger.atHour === undefined ? 'every day' : `every day at ${String(trigger.atHour).padStart(2, '0')}:00`;
  return 'once';
}

function renderSchedule(current: PlaygroundStatus): void {
  const { speed } = current.clock;
  byTestId('clock-speed').textContent = `${speed}× speed`;
  byTestId('speed-note').textContent =
    `The spreadsheet's clock runs ${speed}× faster than yours: an hour lasts ${hourLasts(speed)}. So an hourly auto refresh ` +
    `(sidebar → Schedule) runs that often, and a new payment reaches each sandbox every ${current.sandboxArrivalMs / 60_000} minutes of it.`;
  byTestId('next-run').textContent =
    current.triggers.length === 0
      ? 'No trigger installed.'
      : current.triggers
          .map(
            (trigger) => `Next: ${trigger.handler} at ${formatTime(trigger.nextRunAt, current.timeZone, false)} (${everyLabel(trigger)})`,
          )
          .join(' · ');
  const runs = [...current.triggerRuns].reverse();
  byTestId('trigger-runs').replaceChildren(
    ...(runs.length === 0
      ? [element('li', 'secondary', 'No runs yet.')]
      : runs.map((run) => {
          const item = element('li', run.error ? 'error' : '');
          item.dataset.testid = 'trigger-run';
          const seconds = ((run.finishedAt - run.startedAt) / 1000).toFixed(1);
          // The execution's own end; each sync it ran succeeds or fails on its own, in the sidebar's History.
          const ending = run.error ? `failed: ${run.error}` : 'finished (each sync’s outcome: sidebar → History)';
          item.textContent = `${formatTime(run.startedAt, current.timeZone, false)} ${run.handler} · ${seconds} s · ${ending}`;
          return item;
        })),
  );
}

// ---------------------------------------------------------------------------------------------------
// Sandbox credentials

/** A value to paste into the sidebar: a click selects it and copies it. */
function copyable(text: string): HTMLElement {
  const code = element('code', 'copyable', text);
  code.title = 'Click to copy';
  code.addEventListener('click', () => {
    void navigator.clipboard?.writeText(text).then(() => {
      code.classList.add('copied');
      setTimeout(() => code.classList.remove('copied'), 1200);
    });
  });
  return code;
}

let sandboxesShown = false;
/** One row per credential; the provider and its base URL span its rows. */
function renderSandboxes(current: PlaygroundStatus): void {
  if (sandboxesShown) return;
  sandboxesShown = true;
  const head = element('tr');
  head.append(...['Provider', 'Base URL (optional)', 'Credentials'].map((title) => element('th', '', title)));
  (head.lastElementChild as HTMLTableCellElement).colSpan = 2;
  byTestId('sandboxes').replaceChildren(
    head,
    ...current.sandboxes.flatMap((sandbox) =>
      sandbox.credentials.map((credential, index) => {
        const row = element('tr', index === 0 ? 'first' : '');
        row.dataset.testid = `sandbox-${sandbox.provider}`;
        const cells = [element('td', 'field', credential.label), element('td')];
        cells[1].append(copyable(credential.value));
        if (index === 0) {
          const name = element('th', '', sandbox.label);
          const baseUrl = element('td');
          baseUrl.append(copyable(sandbox.baseUrl));
          name.rowSpan = baseUrl.rowSpan = sandbox.credentials.length;
          cells.unshift(name, baseUrl);
        }
        row.append(...cells);
        return row;
      }),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------

function applyStatus(current: PlaygroundStatus): void {
  status = current;
  statusReceivedAt = Date.now();
  renderTabs(current);
  renderMenu(current);
  renderSidebar(current);
  renderToasts(current);
  renderSchedule(current);
  renderSandboxes(current);
  renderClock();
}

// The server sends the whole status on connecting and after every change; EventSource reconnects by itself.
new EventSource(API.events).addEventListener('message', (event: MessageEvent<string>) =>
  applyStatus(JSON.parse(event.data) as PlaygroundStatus),
);
setInterval(renderClock, 1000);
