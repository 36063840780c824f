/**
 * Embedded charts: Sheet.newChart() → EmbeddedChartBuilder → build() → Sheet.insertChart / updateChart /
 * removeChart, Sheet.getCharts() and Charts.ChartType. A chart is state of its sheet (ChartState, saved with
 * rt.toJSON()); nothing is drawn. What is modelled is what a script can observe: each chart's id, type, ranges,
 * options, position and headers, and that update replaces a chart in place rather than adding one.
 */
import type { Rect } from './a1';
import { ScriptException, signatureMismatch } from './errors';
import { ACCESS, type AccessRule, type Execution } from './execution';
import { ServiceObject } from './membrane';
import type { Platform } from './platform';
import { countCall } from './stats';

/** Charts.ChartType: enum members are their names as strings, as the other enums in the runtime. */
export const CHART_TYPES = Object.freeze(
  Object.fromEntries(
    [
      'AREA',
      'BAR',
      'BUBBLE',
      'CANDLESTICK',
      'COLUMN',
      'COMBO',
      'GAUGE',
      'GEO',
      'HISTOGRAM',
      'LINE',
      'ORG',
      'PIE',
      'RADAR',
      'SCATTER',
      'SPARKLINE',
      'STEPPED_AREA',
      'TABLE',
      'TIMELINE',
      'TREEMAP',
      'WATERFALL',
    ].map((name) => [name, name]),
  ),
);

type JsonOption = string | number | boolean | null | JsonOption[] | { [key: string]: JsonOption };

/** A block a chart reads: a rectangle of a sheet, by the sheet's id (a rename keeps the chart on its data). */
export interface ChartRange extends Rect {
  sheetId: number;
}

export interface ChartPosition {
  anchorRow: number;
  anchorColumn: number;
  offsetX: number;
  offsetY: number;
}

export interface ChartState {
  chartId: number;
  chartType: string;
  ranges: ChartRange[];
  options: Record<string, JsonOption>;
  position: ChartPosition;
  numHeaders: number;
}

/** What a chart fake needs from the spreadsheet fakes, handed in so this module does not import them. */
export interface ChartHost {
  execution: Execution;
  platform: Platform;
  /** The sheet and rectangle of a Range the script passed; null for anything else. */
  rangeOf(value: unknown): ChartRange | null;
  /** A Range fake of a chart's block, for the script. */
  rangeFake(range: ChartRange): unknown;
}

/** A chart not yet inserted: the spec a builder makes, and the id of the chart it came from (modify()). */
export interface ChartSpec extends Omit<ChartState, 'chartId'> {
  chartId: number | null;
}

function enter(host: ChartHost, method: string, access: AccessRule = ACCESS.authorized): void {
  host.execution.checkAccess(method, access);
  countCall(host.platform.stats.range.calls, method);
}

function requireNumber(api: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw signatureMismatch(api, [value]);
  return Math.trunc(value);
}

const sameRange = (a: ChartRange, b: ChartRange) =>
  a.sheetId === b.sheetId && a.top === b.top && a.left === b.left && a.bottom === b.bottom && a.right === b.right;

export function copySpec<T extends ChartSpec | ChartState>(spec: T): T {
  return structuredClone(spec);
}

export class EmbeddedChartBuilderFake extends ServiceObject {
  protected readonly typeName = 'EmbeddedChartBuilder';

  constructor(
    private readonly host: ChartHost,
    private readonly spec: ChartSpec,
  ) {
    super();
  }

  setChartType(type: unknown): EmbeddedChartBuilderFake {
    enter(this.host, 'setChartType');
    if (typeof type !== 'string' || !(type in CHART_TYPES)) throw signatureMismatch('Charts.EmbeddedChartBuilder.setChartType', [type]);
    this.spec.chartType = type;
    return this;
  }

  getChartType(): string | null {
    enter(this.host, 'getChartType');
    return this.spec.chartType || null;
  }

  addRange(range: unknown): EmbeddedChartBuilderFake {
    enter(this.host, 'addRange');
    this.spec.ranges.push(this.requireRange('addRange', range));
    return this;
  }

  removeRange(range: unknown): EmbeddedChartBuilderFake {
    enter(this.host, 'removeRange');
    const removed = this.requireRange('removeRange', range);
    this.spec.ranges = this.spec.ranges.filter((kept) => !sameRange(kept, removed));
    return this;
  }

  clearRanges(): EmbeddedChartBuilderFake {
    enter(this.host, 'clearRanges');
    this.spec.ranges = [];
    return this;
  }

  getRanges(): unknown[] {
    enter(this.host, 'getRanges');
    return this.spec.ranges.map((range) => this.host.rangeFake(range));
  }

  /** Options are kept as given (JSON values); the chart's look is not modelled. */
  setOption(option: unknown, value: unknown): EmbeddedChartBuilderFake {
    enter(this.host, 'setOption');
    if (typeof option !== 'string') throw signatureMismatch('Charts.EmbeddedChartBuilder.setOption', [option, value]);
    this.spec.options[option] = structuredClone(value) as JsonOption;
    return this;
  }

  setNumHeaders(headers: unknown): EmbeddedChartBuilderFake {
    enter(this.host, 'setNumHeaders');
    this.spec.numHeaders = requireNumber('Charts.EmbeddedChartBuilder.setNumHeaders', headers);
    return this;
  }

  /** setPosition(anchorRowPos, anchorColPos, offsetX, offsetY): the top-left cell the chart hangs from. */
  setPosition(anchorRow: unknown, anchorColumn: unknown, offsetX: unknown, offsetY: unknown): EmbeddedChartBuilderFake {
    enter(this.host, 'setPosition');
    const api = 'Charts.EmbeddedChartBuilder.setPosition';
    const numbers = [anchorRow, anchorColumn, offsetX, offsetY];
    if (!numbers.every((value) => typeof value === 'number' && Number.isFinite(value))) throw signatureMismatch(api, numbers);
    const [row, column, x, y] = numbers.map((value) => Math.trunc(value as number));
    if (row < 1 || column < 1) throw new ScriptException('The chart position is outside the sheet: rows and columns count from 1.');
    this.spec.position = { anchorRow: row, anchorColumn: column, offsetX: x, offsetY: y };
    return this;
  }

  build(): EmbeddedChartFake {
    enter(this.host, 'build');
    if (!this.spec.chartType) throw new ScriptException('A chart needs a type: call setChartType before build().');
    return new EmbeddedChartFake(this.host, copySpec(this.spec));
  }

  private requireRange(method: string, range: unknown): ChartRange {
    const block = this.host.rangeOf(range);
    if (!block) throw signatureMismatch(`Charts.EmbeddedChartBuilder.${method}`, [range]);
    return block;
  }
}

class ChartOptionsFake extends ServiceObject {
  protected readonly typeName = 'ChartOptions';

  constructor(
    private readonly host: ChartHost,
    private readonly options: Record<string, JsonOption>,
  ) {
    super();
  }

  get(option: unknown): JsonOption {
    enter(this.host, 'get');
    return typeof option === 'string' && option in this.options ? structuredClone(this.options[option]) : null;
  }
}

class ContainerInfoFake extends ServiceObject {
  protected readonly typeName = 'ContainerInfo';

  constructor(private readonly position: ChartPosition) {
    super();
  }

  getAnchorRow(): number {
    return this.position.anchorRow;
  }

  getAnchorColumn(): number {
    return this.position.anchorColumn;
  }

  getOffsetX(): number {
    return this.position.offsetX;
  }

  getOffsetY(): number {
    return this.position.offsetY;
  }
}

/** A chart as the script holds it: a snapshot of one on a sheet (getCharts) or of a builder's spec (build). */
export class EmbeddedChartFake extends ServiceObject {
  protected readonly typeName = 'EmbeddedChart';

  constructor(
    private readonly host: ChartHost,
    /** Public for Sheet.insertChart / updateChart; the script only sees prototype members. */
    readonly spec: ChartSpec,
  ) {
    super();
  }

  /** Null until the chart is on a sheet, as for a chart "not in a spreadsheet". */
  getChartId(): number | null {
    enter(this.host, 'getChartId');
    return this.spec.chartId;
  }

  getRanges(): unknown[] {
    enter(this.host, 'getRanges');
    return this.spec.ranges.map((range) => this.host.rangeFake(range));
  }

  getOptions(): ChartOptionsFake {
    enter(this.host, 'getOptions');
    return new ChartOptionsFake(this.host, this.spec.options);
  }

  getNumHeaders(): number {
    enter(this.host, 'getNumHeaders');
    return this.spec.numHeaders;
  }

  getContainerInfo(): ContainerInfoFake {
    enter(this.host, 'getContainerInfo');
    return new ContainerInfoFake({ ...this.spec.position });
  }

  /** A builder holding this chart's settings; updateChart with what it builds changes this chart. */
  modify(): EmbeddedChartBuilderFake {
    enter(this.host, 'modify');
    return new EmbeddedChartBuilderFake(this.host, copySpec(this.spec));
  }
}

export class ChartsFake extends ServiceObject {
  protected readonly typeName = 'Charts';

  get ChartType(): typeof CHART_TYPES {
    return CHART_TYPES;
  }
}

/** The spec Sheet.newChart() starts from: no type or ranges, hung from A1, headers guessed (-1). */
export function newChartSpec(): ChartSpec {
  return {
    chartId: null,
    chartType: '',
    ranges: [],
    options: {},
    position: { anchorRow: 1, anchorColumn: 1, offsetX: 0, offsetY: 0 },
    numHeaders: -1,
  };
}

/** The sheet's side of the chart calls: its list of charts, and the platform's complaints. */
export class SheetCharts {
  constructor(
    private readonly charts: ChartState[],
    private readonly nextId: () => number,
  ) {}

  insert(chart: unknown, api: string): ChartState {
    if (!(chart instanceof EmbeddedChartFake)) throw signatureMismatch(api, [chart]);
    const state = { ...copySpec(chart.spec), chartId: this.nextId() };
    this.charts.push(state);
    return state;
  }

  update(chart: unknown, api: string): void {
    if (!(chart instanceof EmbeddedChartFake)) throw signatureMismatch(api, [chart]);
    const index = this.indexOf(chart.spec.chartId);
    this.charts[index] = { ...copySpec(chart.spec), chartId: this.charts[index].chartId };
  }

  remove(chart: unknown, api: string): void {
    if (!(chart instanceof EmbeddedChartFake)) throw signatureMismatch(api, [chart]);
    this.charts.splice(this.indexOf(chart.spec.chartId), 1);
  }

  private indexOf(chartId: number | null): number {
    const index = chartId === null ? -1 : this.charts.findIndex((chart) => chart.chartId === chartId);
    if (index < 0) throw new ScriptException('The chart is not on this sheet: insert it with insertChart, or get it from getCharts.');
    return index;
  }
}
