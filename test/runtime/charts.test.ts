/** Embedded charts in the local runtime: build, insert, read back, update in place, remove, persist, and who may. */
import { createRuntime } from '../../dev/runtime';
import { recordingTransport, runtimeWith, thrownMessage } from './helpers';

const CODE = `
  function sheet() { return SpreadsheetApp.getActive().getSheetByName('Sheet1'); }
  function insert(a1, title) {
    var s = sheet();
    s.insertChart(s.newChart().setChartType(Charts.ChartType.COLUMN).addRange(s.getRange(a1)).setOption('title', title).setPosition(2, 5, 0, 0).setNumHeaders(1).build());
  }
  function describe() {
    return sheet().getCharts().map(function (chart) {
      return { id: chart.getChartId(), title: chart.getOptions().get('title'), ranges: chart.getRanges().map(function (r) { return r.getA1Notation(); }),
        anchor: [chart.getContainerInfo().getAnchorRow(), chart.getContainerInfo().getAnchorColumn()], headers: chart.getNumHeaders(),
        type: chart.modify().getChartType() };
    });
  }
  function repoint(a1) {
    var s = sheet();
    var chart = s.getCharts()[0];
    s.updateChart(chart.modify().clearRanges().addRange(s.getRange(a1)).setOption('title', 'moved').build());
  }
  function removeFirst() { var s = sheet(); s.removeChart(s.getCharts()[0]); }
  function updateUninserted() { var s = sheet(); s.updateChart(s.newChart().setChartType(Charts.ChartType.LINE).build()); }
  function buildUntyped() { return sheet().newChart().build().getChartId(); }
  function CHARTME() { insert('A1:B3', 'from a formula'); return 1; }`;

describe('embedded charts', () => {
  it('inserts a chart that getCharts reads back with its type, ranges, options, position and headers', () => {
    const rt = runtimeWith(CODE);
    rt.run('insert', ['A1:C4', 'Net']);
    const [chart] = rt.run('describe') as Array<Record<string, unknown>>;
    expect(chart).toEqual({ id: expect.any(Number), title: 'Net', ranges: ['A1:C4'], anchor: [2, 5], headers: 1, type: 'COLUMN' });
    expect(rt.spreadsheet.sheet('Sheet1').charts()).toEqual([
      {
        chartId: chart.id,
        chartType: 'COLUMN',
        ranges: [{ sheetName: 'Sheet1', a1: 'A1:C4' }],
        options: { title: 'Net' },
        position: { anchorRow: 2, anchorColumn: 5, offsetX: 0, offsetY: 0 },
        numHeaders: 1,
      },
    ]);
  });

  it('updates a chart in place through modify(): same id, new range, no second chart', () => {
    const rt = runtimeWith(CODE);
    rt.run('insert', ['A1:C4', 'Net']);
    const before = rt.spreadsheet.sheet('Sheet1').charts()[0].chartId;
    rt.run('repoint', ['A1:D9']);
    const charts = rt.spreadsheet.sheet('Sheet1').charts();
    expect(charts.map((chart) => [chart.chartId, chart.ranges[0].a1, chart.options.title])).toEqual([[before, 'A1:D9', 'moved']]);
    rt.run('insert', ['A1:B2', 'second']);
    const ids = rt.spreadsheet
      .sheet('Sheet1')
      .charts()
      .map((chart) => chart.chartId);
    expect(new Set(ids).size).toBe(2);
    rt.run('removeFirst');
    expect(
      rt.spreadsheet
        .sheet('Sheet1')
        .charts()
        .map((chart) => chart.options.title),
    ).toEqual(['second']);
  });

  it('refuses to update a chart that is not on the sheet, and to build one without a type', () => {
    const rt = runtimeWith(CODE);
    expect(thrownMessage(() => rt.run('updateUninserted'))).toContain('The chart is not on this sheet');
    expect(thrownMessage(() => rt.run('buildUntyped'))).toContain('A chart needs a type');
  });

  it('keeps charts in the saved state', () => {
    const rt = runtimeWith(CODE);
    rt.run('insert', ['A1:C4', 'Net']);
    const restored = createRuntime({ transport: recordingTransport().transport, code: CODE, state: rt.toJSON() });
    expect(restored.spreadsheet.sheet('Sheet1').charts()).toEqual(rt.spreadsheet.sheet('Sheet1').charts());
  });

  it('denies inserting a chart from a custom function', () => {
    const rt = runtimeWith(CODE);
    rt.setCell('Sheet1', 'A1', '=CHARTME()');
    expect(rt.spreadsheet.cellError('Sheet1', 'A1')?.message).toContain('You do not have permission to call insertChart');
    expect(rt.spreadsheet.sheet('Sheet1').charts()).toEqual([]);
  });
});
