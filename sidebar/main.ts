/**
 * The sidebar's entry point: loads the state from the server, renders every section from it, and renders again
 * whenever a server answer changes part of it, or a quiet refresh finds that a background run did.
 */
import { byTestId, showMessage } from './dom';
import { sidebarTabs } from './tabs';
import { call, errorMessage, serverAvailable, type SidebarState } from './server';
import { accountsSection } from './sections/accounts';
import { autoRefreshSection, scheduleBanner } from './sections/autoRefresh';
import { connectionsSection } from './sections/connections';
import { getStartedSection } from './sections/getStarted';
import type { Section, SidebarContext } from './sections/context';
import { historySection } from './sections/history';
import { savedSyncsSection } from './sections/savedSyncs';
import { syncFormSection } from './sections/syncForm';

const content = byTestId('content');
const problem = byTestId('load-error');
const retry = byTestId<HTMLButtonElement>('retry');
const sectionElements = [...content.querySelectorAll<HTMLElement>('section')];
// A tab looked at is a tab worth having current: a scheduled run may have changed its History or its syncs.
const tabs = sidebarTabs(byTestId('tabs'), () => void refreshQuietly());

let state: SidebarState | null = null;
/** Counts state changes, so a quiet refresh that was overtaken by a newer answer does not bring the old one back. */
let stateVersion = 0;
let syncing = false;

function renderAll(): void {
  for (const section of sections) section.render();
}

function show(fresh: SidebarState): void {
  state = fresh;
  stateVersion++;
  renderAll();
}

/** A problem with the whole sidebar rather than one action; `canRetry` offers to load the state again. */
function showProblem(message: string, canRetry: boolean): void {
  showMessage(problem, message, 'error');
  retry.hidden = !canRetry;
}

const context: SidebarContext = {
  get state() {
    if (!state) throw new Error('The sidebar rendered before its state arrived.');
    return state;
  },
  get syncing() {
    return syncing;
  },
  update(patch) {
    show({ ...context.state, ...patch });
  },
  async reload() {
    try {
      show(await call('getSidebarState'));
      showProblem('', false);
    } catch (error) {
      showProblem(`Payments Sync could not load its settings: ${errorMessage(error)}`, true);
    }
  },
  setSyncing(value) {
    syncing = value;
    renderAll();
  },
  editSync(sync) {
    syncForm.edit(sync);
  },
  showTab(tab) {
    tabs.select(tab);
  },
  connect(provider) {
    tabs.select('connections');
    connections.open(provider);
  },
  startSync(provider) {
    tabs.select('syncs');
    syncForm.start(provider);
  },
};

const syncForm = syncFormSection(byTestId('sync'), context);
const connections = connectionsSection(byTestId('connections'), context);
const sections: Section[] = [
  scheduleBanner(byTestId('schedule-banner'), context),
  getStartedSection(byTestId('get-started'), [byTestId('sync'), byTestId('saved-syncs')], context),
  connections,
  accountsSection(byTestId('accounts'), context),
  syncForm,
  savedSyncsSection(byTestId('saved-syncs'), context),
  autoRefreshSection(byTestId('auto-refresh'), context),
  historySection(byTestId('history'), context),
];

async function load(): Promise<void> {
  retry.hidden = true;
  for (const section of sectionElements) section.setAttribute('aria-busy', 'true');
  await context.reload();
  for (const section of sectionElements) section.setAttribute('aria-busy', 'false');
  content.hidden = !state;
  if (!state) return;
  // Until now each section showed only "Loading…": its controls would have had nothing to work with.
  for (const placeholder of content.querySelectorAll('.loading')) placeholder.remove();
  for (const body of content.querySelectorAll<HTMLElement>('.section-body')) body.hidden = false;
  tabs.reveal();
}

/** Background runs (the schedule, a colleague's sync) change the state while the sidebar stays open. */
const REFRESH_EVERY_MS = 60_000;

/** Fetches the state again without a loading state; a failure is left to the next try. */
async function refreshQuietly(): Promise<void> {
  if (!state || syncing || document.hidden) return;
  const asked = stateVersion;
  try {
    const fresh = await call('getSidebarState');
    if (stateVersion !== asked || syncing) return;
    show(fresh);
  } catch {
    // The sidebar keeps showing what it had; the next refresh, or the user's next action, loads it again.
  }
}

retry.addEventListener('click', () => void load());

if (serverAvailable()) {
  void load();
  setInterval(() => void refreshQuietly(), REFRESH_EVERY_MS);
  document.addEventListener('visibilitychange', () => void refreshQuietly());
} else {
  // Opened outside Google Sheets (or a test page without its google.script.run stand-in): nothing here can work.
  content.hidden = true;
  showProblem(
    'This page only works as the Payments Sync sidebar: open it in Google Sheets from Extensions → Payments Sync → Open sidebar.',
    false,
  );
}
