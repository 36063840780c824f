/**
 * What crosses between the playground's server and its pages (the spreadsheet page, the sidebar's google.script.run
 * stand-in): paths and JSON shapes, shared by both sides. Types and constants only, so the pages can bundle it.
 */
import type { MenuEntry, TriggerInfo, TriggerRun } from '../runtime';

/** google.script.run's wire: POST {name, args}, answered with what the function returned or the message it threw. */
export const SCRIPT_RUN_PATH = '/script-run';
export interface ScriptCall {
  name: string;
  args: unknown[];
}
export type ScriptAnswer = { ok: true; value?: unknown } | { ok: false; message: string };

/** The sidebar's page, as the add-on's openSidebar last showed it, with the stand-in injected. */
export const SIDEBAR_PATH = '/sidebar';

export const API = {
  /** GET: PlaygroundStatus. */
  status: '/api/status',
  /** GET: server-sent events, each a PlaygroundStatus, whenever something changes. */
  events: '/api/events',
  /** GET ?sheet=&top=&bottom=: GridWindow. */
  cells: '/api/cells',
  /** POST CellInput: as a user typing into a cell. Answers EditAnswer. */
  cell: '/api/cell',
  /** POST RowsInput: adds rows at the bottom of a sheet. Answers EditAnswer. */
  rows: '/api/rows',
  /** POST {}: adds a sheet. Answers EditAnswer. */
  sheets: '/api/sheets',
} as const;

export interface CellInput {
  sheet: string;
  a1: string;
  input: string;
}

export interface RowsInput {
  sheet: string;
  count: number;
}

export type EditAnswer = { ok: true } | { ok: false; message: string };

export interface SheetSummary {
  name: string;
  maxRows: number;
  maxColumns: number;
  lastRow: number;
  lastColumn: number;
  frozenRows: number;
}

export interface Toast {
  /** Position in the spreadsheet's toast list: the page shows each new one once. */
  seq: number;
  title: string;
  message: string;
  timeoutSeconds?: number;
}

export interface SandboxInfo {
  provider: string;
  label: string;
  baseUrl: string;
  /** What to paste into the sidebar's connection card, field label → value. */
  credentials: Array<{ label: string; value: string }>;
}

export interface PlaygroundStatus {
  /** Changes whenever a cell or a sheet may have: the page then reloads the cells it shows. */
  revision: number;
  timeZone: string;
  /** Visible sheets, in tab order. */
  sheets: SheetSummary[];
  /** The add-on menu onOpen built (Extensions → Payments Sync). */
  menu: { title: string; items: MenuEntry[] } | null;
  /** Set once the add-on has shown the sidebar; `shown` counts the times, so the page reloads it when shown again. */
  sidebar: { title: string; shown: number } | null;
  toasts: Toast[];
  clock: { now: number; speed: number };
  triggers: TriggerInfo[];
  /** The latest time-driven runs, newest last. */
  triggerRuns: TriggerRun[];
  sandboxes: SandboxInfo[];
  /** A new payment reaches each sandbox this often, by the spreadsheet's clock. */
  sandboxArrivalMs: number;
}

/** A cell as the grid shows it. Empty cells are null. */
export interface GridCell {
  /** The display value, formatted by the cell's number format. */
  text: string;
  kind: 'text' | 'number' | 'date' | 'boolean' | 'error';
  /** The formula as typed, for formula cells. */
  formula?: string;
  /** The error's message, for cells showing #ERROR!, #REF! … */
  error?: string;
}

/** Rows top..bottom of a sheet (1-based, inclusive), each with the sheet's columns up to its last one with content. */
export interface GridWindow {
  sheet: string;
  revision: number;
  top: number;
  rows: Array<Array<GridCell | null>>;
}
