import type { ProviderId, SidebarState, SyncDefinition } from '../server';
import type { TabName } from '../tabs';

/** What main.ts gives each section: the state the server last sent, and the ways to change it. */
export interface SidebarContext {
  readonly state: SidebarState;
  /** True while a sync runs, from the form or a saved sync: the server runs one at a time, so the sidebar starts one at a time. */
  readonly syncing: boolean;
  /** Takes part of the state from a server answer and renders every section. */
  update(patch: Partial<SidebarState>): void;
  /** Fetches the whole state again (after a sync, which changes the syncs, the run log and the schedule). Never throws. */
  reload(): Promise<void>;
  setSyncing(syncing: boolean): void;
  /** Saved syncs → the sync form, in Edit mode for that sync. */
  editSync(sync: SyncDefinition): void;
  /** Shows one of the tabs, as clicking it would. */
  showTab(tab: TabName): void;
  /** Get started → the Connections tab, that provider's form open. */
  connect(provider: ProviderId): void;
  /** A provider just connected → the Syncs tab, the sync form on that provider. */
  startSync(provider: ProviderId): void;
}

/** A section renders from the context's state whenever it changes, keeping whatever the user is typing. */
export interface Section {
  render(): void;
}
