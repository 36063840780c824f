/**
 * The spreadsheet grid: one sheet at a time, with sticky column and row headers and frozen rows, a selection, and
 * editing in the cell or in the formula bar. A sheet may hold many thousands of rows, so only the rows in view are in
 * the page, and their contents are fetched in blocks as they scroll into view.
 */
import type { GridCell, GridWindow, SheetSummary } from '../protocol';
import { element } from './dom';

const ROW_HEIGHT = 21;
const HEADER_HEIGHT = 22;
const ROW_HEADER_WIDTH = 46;
const FOOTER_HEIGHT = 44;
const DEFAULT_COLUMN_WIDTH = 100;
const MIN_COLUMN_WIDTH = 64;
const MAX_COLUMN_WIDTH = 280;
/** Left and right padding of a cell, with a pixel to spare. */
const CELL_PADDING = 14;
const CELL_FONT = '13px Arial, sans-serif';
const BLOCK_ROWS = 100;
/** Rows rendered beyond each edge of the view, so a short scroll shows no blank rows. */
const OVERSCAN_ROWS = 12;
const DEFAULT_ADDED_ROWS = 1000;

function columnName(column: number): string {
  let name = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  return name;
}

function a1(row: number, column: number): string {
  return `${columnName(column)}${row}`;
}

function parseA1(text: string): { row: number; column: number } {
  const [, letters, digits] = /^([A-Z]+)(\d+)$/.exec(text)!;
  const column = [...letters].reduce((sum, letter) => sum * 26 + letter.charCodeAt(0) - 64, 0);
  return { row: Number(digits), column };
}

/** What the grid needs from the server. Edits report their own failures: the grid just carries on. */
export interface GridSource {
  load(sheet: string, top: number, bottom: number): Promise<GridWindow>;
  edit(sheet: string, a1: string, input: string): Promise<void>;
  addRows(sheet: string, count: number): Promise<void>;
}

interface Block {
  revision: number;
  rows: GridWindow['rows'];
}

export class Grid {
  private sheet: SheetSummary | null = null;
  private revision = 0;
  private blocks = new Map<number, Block>();
  private readonly requested = new Set<string>();
  private widths: number[] = [];
  private readonly renderedRows = new Map<number, HTMLElement>();
  private selection = { row: 1, column: 1 };
  private editing = false;
  private frameRequested = false;
  private readonly canvas: HTMLElement;
  private readonly head = element('div', 'grid-head');
  private readonly frozen = element('div', 'grid-frozen');
  private readonly body = element('div', 'grid-body');
  private readonly footer = element('div', 'grid-footer');
  private readonly editor = element('input', 'cell-editor');
  private readonly measure = document.createElement('canvas').getContext('2d')!;

  constructor(
    private readonly root: HTMLElement,
    private readonly nameBox: HTMLElement,
    private readonly formulaInput: HTMLInputElement,
    /** Beside the formula bar: the selected cell's error message, as Sheets says it when the cell shows #ERROR!. */
    private readonly formulaError: HTMLElement,
    private readonly source: GridSource,
  ) {
    this.canvas = root.querySelector<HTMLElement>('.grid-canvas')!;
    this.measure.font = CELL_FONT;
    this.editor.type = 'text';
    this.editor.hidden = true;
    this.editor.spellcheck = false;
    this.editor.setAttribute('aria-label', 'Cell contents');
    this.editor.dataset.testid = 'cell-editor';
    this.buildFooter();
    this.canvas.append(this.head, this.frozen, this.body, this.footer, this.editor);
    this.listen();
  }

  get sheetName(): string | undefined {
    return this.sheet?.name;
  }

  /** Shows `sheet` as of `revision`: another sheet from the top, the same one where it was scrolled to. */
  show(sheet: SheetSummary, revision: number): void {
    const switched = sheet.name !== this.sheet?.name;
    const resized = !switched && JSON.stringify(sheet) !== JSON.stringify(this.sheet);
    if (!switched && !resized && revision === this.revision) return;
    if (switched) {
      this.stopEditing();
      this.blocks = new Map();
      this.widths = [];
      this.selection = { row: 1, column: 1 };
      this.root.scrollTo(0, 0);
    }
    this.sheet = sheet;
    this.revision = revision;
    this.layout();
    this.select(Math.min(this.selection.row, sheet.maxRows), Math.min(this.selection.column, sheet.maxColumns));
  }

  private get columns(): number {
    return this.sheet?.maxColumns ?? 0;
  }

  private get canvasWidth(): number {
    return ROW_HEADER_WIDTH + this.widths.reduce((sum, width) => sum + width, 0);
  }

  private columnLeft(column: number): number {
    return ROW_HEADER_WIDTH + this.widths.slice(0, column - 1).reduce((sum, width) => sum + width, 0);
  }

  /** Sizes the canvas and redraws the headers and every rendered row. */
  private layout(): void {
    const sheet = this.sheet!;
    while (this.widths.length < this.columns) this.widths.push(DEFAULT_COLUMN_WIDTH);
    this.widths.length = this.columns;
    const width = `${this.canvasWidth}px`;
    this.canvas.style.width = width;
    this.canvas.style.height = `${HEADER_HEIGHT + sheet.maxRows * ROW_HEIGHT + FOOTER_HEIGHT}px`;
    this.head.style.width = width;
    this.head.replaceChildren(
      element('div', 'corner'),
      ...this.widths.map((columnWidth, index) => {
        const header = element('div', 'column-header', columnName(index + 1));
        header.style.width = `${columnWidth}px`;
        return header;
      }),
    );
    this.body.style.height = `${(sheet.maxRows - sheet.frozenRows) * ROW_HEIGHT}px`;
    this.frozen.replaceChildren();
    for (const row of this.renderedRows.values()) row.remove();
    this.renderedRows.clear();
    this.scheduleRender();
  }

  private scheduleRender(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.render();
    });
  }

  /** Puts the rows in view (and the frozen ones) in the page, and fetches what they show. */
  private render(): void {
    const sheet = this.sheet;
    if (!sheet) return;
    const frozenRows = Math.min(sheet.frozenRows, sheet.maxRows);
    const first = Math.max(frozenRows + 1, Math.floor(this.root.scrollTop / ROW_HEIGHT) + frozenRows + 1 - OVERSCAN_ROWS);
    const last = Math.min(
      sheet.maxRows,
      Math.ceil((this.root.scrollTop + this.root.clientHeight - HEADER_HEIGHT) / ROW_HEIGHT) + OVERSCAN_ROWS,
    );
    this.fetchBlocks(1, frozenRows);
    this.fetchBlocks(first, last);

    if (this.frozen.childElementCount !== frozenRows) {
      this.frozen.replaceChildren(...Array.from({ length: frozenRows }, (_, index) => this.rowElement(index + 1)));
    }
    for (const [row, rowElement] of this.renderedRows) {
      if (row < first || row > last) {
        rowElement.remove();
        this.renderedRows.delete(row);
      }
    }
    for (let row = first; row <= last; row++) {
      if (this.renderedRows.has(row)) continue;
      const rowElement = this.rowElement(row);
      rowElement.style.top = `${(row - frozenRows - 1) * ROW_HEIGHT}px`;
      this.body.append(rowElement);
      this.renderedRows.set(row, rowElement);
    }
  }

  private cellContent(row: number, column: number): GridCell | null {
    const block = this.blocks.get(Math.floor((row - 1) / BLOCK_ROWS));
    return block?.rows[(row - 1) % BLOCK_ROWS]?.[column - 1] ?? null;
  }

  private rowElement(row: number): HTMLElement {
    const rowElement = element('div', 'row');
    rowElement.style.width = `${this.canvasWidth}px`;
    rowElement.append(element('div', row === this.selection.row ? 'row-header active' : 'row-header', String(row)));
    for (let column = 1; column <= this.columns; column++) {
      const content = this.cellContent(row, column);
      const cell = element('div', content ? `cell ${content.kind}` : 'cell', content?.text);
      cell.style.width = `${this.widths[column - 1]}px`;
      cell.dataset.cell = a1(row, column);
      if (content?.error) cell.title = content.error;
      if (row === this.selection.row && column === this.selection.column) cell.classList.add('selected');
      rowElement.append(cell);
    }
    return rowElement;
  }

  /** Asks for every block of rows first..last that is missing or older than the revision shown. */
  private fetchBlocks(first: number, last: number): void {
    const sheet = this.sheet!;
    const lastWithContent = Math.min(last, sheet.lastRow);
    for (let index = Math.floor((first - 1) / BLOCK_ROWS); index * BLOCK_ROWS < lastWithContent; index++) {
      if (this.blocks.get(index)?.revision === this.revision) continue;
      const key = `${sheet.name}:${index}:${this.revision}`;
      if (this.requested.has(key)) continue;
      this.requested.add(key);
      this.source.load(sheet.name, index * BLOCK_ROWS + 1, (index + 1) * BLOCK_ROWS).then(
        (window) => this.blockArrived(index, window),
        () => this.requested.delete(key), // tried again on the next render
      );
    }
  }

  private blockArrived(index: number, window: GridWindow): void {
    if (window.sheet !== this.sheet?.name) return;
    this.blocks.set(index, { revision: window.revision, rows: window.rows });
    if (index === 0) this.fitColumns(window.rows);
    // Redraw the rows of this block that are in the page: the old contents stayed up until now.
    const first = index * BLOCK_ROWS + 1;
    const last = first + BLOCK_ROWS - 1;
    for (const [row, rowElement] of this.renderedRows) {
      if (row < first || row > last) continue;
      const fresh = this.rowElement(row);
      fresh.style.top = rowElement.style.top;
      rowElement.replaceWith(fresh);
      this.renderedRows.set(row, fresh);
    }
    if (first <= (this.sheet?.frozenRows ?? 0)) this.frozen.replaceChildren();
    this.scheduleRender();
    this.showSelection();
  }

  /** Widens each column with content to what its first rows need, as "Resize column → fit to data" would. */
  private fitColumns(rows: GridWindow['rows']): void {
    const widths = this.widths.map((_, index) => {
      let widest = 0;
      for (const row of rows) {
        const text = row[index]?.text;
        if (text) widest = Math.max(widest, this.measure.measureText(text).width);
      }
      return widest === 0 ? DEFAULT_COLUMN_WIDTH : Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, Math.ceil(widest) + CELL_PADDING));
    });
    if (widths.join() === this.widths.join()) return;
    this.widths = widths;
    this.layout();
  }

  private buildFooter(): void {
    const count = element('input', 'add-rows-count');
    count.type = 'number';
    count.min = '1';
    count.value = String(DEFAULT_ADDED_ROWS);
    count.setAttribute('aria-label', 'How many rows to add');
    count.dataset.testid = 'add-rows-count';
    const add = element('button', 'add-rows', 'Add');
    add.type = 'button';
    add.dataset.testid = 'add-rows';
    add.addEventListener('click', () => {
      if (this.sheet) void this.source.addRows(this.sheet.name, Number(count.value));
    });
    this.footer.append(add, count, document.createTextNode(' more rows at the bottom'));
  }

  private select(row: number, column: number): void {
    this.selection = { row, column };
    this.nameBox.textContent = a1(row, column);
    this.showSelection();
  }

  /** Marks the selected cell and its headers, and shows its contents in the formula bar. */
  private showSelection(): void {
    const { row, column } = this.selection;
    for (const marked of this.canvas.querySelectorAll('.selected, .active')) marked.classList.remove('selected', 'active');
    this.canvas.querySelector(`[data-cell="${a1(row, column)}"]`)?.classList.add('selected');
    this.canvas.querySelector(`[data-cell="${a1(row, column)}"]`)?.parentElement?.firstElementChild?.classList.add('active');
    this.head.children[column]?.classList.add('active');
    if (!this.editing) this.formulaInput.value = this.inputOf(row, column);
    this.showError(this.cellContent(row, column));
  }

  /** "#ERROR! Formula parse error." beside the formula bar while an error cell is selected; nothing otherwise. */
  private showError(content: GridCell | null): void {
    const text = content?.error ? `${content.text}: ${content.error}` : '';
    // Writing the same text again would make screen readers say it again on every redraw.
    if (this.formulaError.textContent !== text) this.formulaError.textContent = text;
    this.formulaError.title = text;
    this.formulaError.hidden = text === '';
  }

  /** What editing a cell starts from: its formula, or its value as shown. */
  private inputOf(row: number, column: number): string {
    const content = this.cellContent(row, column);
    return content?.formula ?? content?.text ?? '';
  }

  /** Moves the selection, scrolling it into view. */
  private move(rowDelta: number, columnDelta: number): void {
    const sheet = this.sheet!;
    const row = Math.min(Math.max(this.selection.row + rowDelta, 1), sheet.maxRows);
    const column = Math.min(Math.max(this.selection.column + columnDelta, 1), sheet.maxColumns);
    this.select(row, column);
    const frozenHeight = sheet.frozenRows * ROW_HEIGHT;
    if (row > sheet.frozenRows) {
      const top = (row - 1) * ROW_HEIGHT - frozenHeight;
      if (top < this.root.scrollTop) this.root.scrollTop = top;
      const bottom = HEADER_HEIGHT + row * ROW_HEIGHT;
      if (bottom > this.root.scrollTop + this.root.clientHeight) this.root.scrollTop = bottom - this.root.clientHeight;
    }
    const left = this.columnLeft(column) - ROW_HEADER_WIDTH;
    if (left < this.root.scrollLeft) this.root.scrollLeft = left;
    const right = this.columnLeft(column) + this.widths[column - 1];
    if (right > this.root.scrollLeft + this.root.clientWidth) this.root.scrollLeft = right - this.root.clientWidth;
  }

  private startEditing(initial: string): void {
    const { row, column } = this.selection;
    this.editing = true;
    this.editor.style.left = `${this.columnLeft(column)}px`;
    this.editor.style.top = `${HEADER_HEIGHT + (row - 1) * ROW_HEIGHT}px`;
    this.editor.style.minWidth = `${this.widths[column - 1]}px`;
    this.editor.value = initial;
    this.formulaInput.value = initial;
    this.editor.hidden = false;
    this.editor.focus();
  }

  private stopEditing(): void {
    this.editing = false;
    this.editor.hidden = true;
  }

  /** Stores what was typed, as a user pressing Enter (down) or Tab (right) in Sheets. */
  private async commit(input: string, rowDelta: number, columnDelta: number): Promise<void> {
    if (!this.sheet) return;
    const { row, column } = this.selection;
    this.stopEditing();
    this.move(rowDelta, columnDelta);
    this.root.focus();
    await this.source.edit(this.sheet.name, a1(row, column), input);
  }

  private cancel(): void {
    this.stopEditing();
    this.showSelection();
    this.root.focus();
  }

  private listen(): void {
    this.root.addEventListener('scroll', () => this.scheduleRender());
    new ResizeObserver(() => this.scheduleRender()).observe(this.root);

    this.canvas.addEventListener('mousedown', (event) => {
      const cell = (event.target as HTMLElement).closest<HTMLElement>('.cell');
      if (!cell || this.editor.contains(event.target as Node)) return;
      if (this.editing) void this.commit(this.editor.value, 0, 0);
      const { row, column } = parseA1(cell.dataset.cell!);
      this.select(row, column);
    });
    this.canvas.addEventListener('dblclick', (event) => {
      if ((event.target as HTMLElement).closest('.cell')) this.startEditing(this.inputOf(this.selection.row, this.selection.column));
    });

    this.root.addEventListener('keydown', (event) => {
      if (event.target !== this.root || !this.sheet) return;
      const arrows: Record<string, [number, number]> = {
        ArrowUp: [-1, 0],
        ArrowDown: [1, 0],
        ArrowLeft: [0, -1],
        ArrowRight: [0, 1],
        Tab: [0, event.shiftKey ? -1 : 1],
      };
      if (event.key in arrows) {
        event.preventDefault();
        this.move(...arrows[event.key]);
      } else if (event.key === 'Enter' || event.key === 'F2') {
        event.preventDefault();
        this.startEditing(this.inputOf(this.selection.row, this.selection.column));
      } else if (event.key === 'Delete' || event.key === 'Backspace') {
        event.preventDefault();
        void this.source.edit(this.sheet.name, a1(this.selection.row, this.selection.column), '');
      } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
        // Typing over a cell replaces what it holds, starting with this key.
        event.preventDefault();
        this.startEditing(event.key);
      }
    });

    const editKeys = (input: HTMLInputElement) => (event: KeyboardEvent) => {
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        void this.commit(input.value, event.key === 'Enter' ? 1 : 0, event.key === 'Tab' ? 1 : 0);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        this.cancel();
      }
    };
    this.editor.addEventListener('keydown', editKeys(this.editor));
    this.formulaInput.addEventListener('keydown', editKeys(this.formulaInput));
    this.editor.addEventListener('input', () => (this.formulaInput.value = this.editor.value));
    this.formulaInput.addEventListener('input', () => {
      this.editing = true;
      this.editor.value = this.formulaInput.value;
    });
    this.editor.addEventListener('blur', (event) => {
      // Clicking into the formula bar carries on the same edit; going anywhere else stores it, as in Sheets.
      if (this.editing && event.relatedTarget !== this.formulaInput && event.relatedTarget !== this.root)
        void this.commit(this.editor.value, 0, 0);
    });
  }
}
