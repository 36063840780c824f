import { createRuntime, type RuntimeState } from '../../dev/runtime';
import { OWNER, recordingTransport, START } from './helpers';

const CODE = `
  function GRID(tag) { return [[tag + 1, tag + 2], [tag + 3, tag + 4]]; }
  function setUp() {
    var sheet = SpreadsheetApp.getActive().insertSheet('Payments');
    sheet.getRange('A1:C2').setValues([['id', 'amount', 'when'], ['p1', 12.5, '2026-01-31']]);
    sheet.getRange('B2').setNumberFormat('#,##0.00');
    sheet.getRange('A1:C1').setFontWeight('bold');
    sheet.setFrozenRows(1);
    sheet.getRange('E1').setFormula('=HYPERLINK("https://x.example","x")');
    PropertiesService.getUserProperties().setProperty('apiKey', 'secret');
    PropertiesService.getDocumentProperties().setProperty('provider', 'aura');
    CacheService.getScriptCache().put('page', 'cached', 120);
    ScriptApp.newTrigger('sync').timeBased().everyHours(4).create();
    UrlFetchApp.fetch('https://x.example/');
  }
  function cached() { return CacheService.getScriptCache().get('page'); }
  function tryLock() { return LockService.getScriptLock().tryLock(0); }
  function fetchesLeft() { try { UrlFetchApp.fetchAll(new Array(20000).fill('https://x.example/')); return 'ok'; } catch (e) { return e.message; } }`;

describe('toJSON and restore', () => {
  it('carries sheets, formats, formulas, results, properties, caches, triggers, locks, quotas and the clock', () => {
    const rt = createRuntime({ transport: recordingTransport().transport, code: CODE });
    rt.run('setUp');
    rt.setCell('Sheet1', 'A1', '=GRID("g")');
    rt.setCell('Sheet1', 'D5', 'x');
    rt.setCell('Sheet1', 'C4', '=GRID("b")');
    rt.holdLock('script', START + 7_200_000);
    rt.clock.advance(60_000);
    const savedAt = rt.clock.now();
    const saved = JSON.parse(JSON.stringify(rt.toJSON())) as RuntimeState;

    const restored = createRuntime({ transport: recordingTransport().transport, code: CODE, state: saved });
    expect(restored.clock.now()).toBe(savedAt);
    for (const name of ['Sheet1', 'Payments']) {
      const [before, after] = [rt.spreadsheet.sheet(name), restored.spreadsheet.sheet(name)];
      expect(after.values()).toEqual(before.values());
      expect(after.formulas()).toEqual(before.formulas());
      expect(after.numberFormats()).toEqual(before.numberFormats());
      expect(after.displayValues()).toEqual(before.displayValues());
      expect(after.frozenRows).toBe(before.frozenRows);
    }
    expect(restored.spreadsheet.sheet('Payments').values()[1]).toEqual(['p1', 12.5, new Date('2026-01-31T00:00:00Z'), '', '']);
    expect(restored.spreadsheet.sheet('Sheet1').values().slice(0, 2)).toEqual([
      ['g1', 'g2', '', ''],
      ['g3', 'g4', '', ''],
    ]);
    expect(restored.spreadsheet.cellError('Sheet1', 'C4')).toEqual({
      code: '#REF!',
      message: 'Array result was not expanded because it would overwrite data in D5.',
    });
    expect(restored.userProperties(OWNER)).toEqual({ apiKey: 'secret' });
    expect({ ...restored.documentProperties }).toEqual({ provider: 'aura' });
    expect(restored.triggers).toEqual(rt.triggers);
    expect(restored.stats.executions).toBe(0);
    expect(restored.run('cached')).toBe('cached');
    expect(restored.run('tryLock')).toBe(false);
    expect(restored.run('fetchesLeft')).toBe('Service invoked too many times for one day: urlfetch.');
    restored.clock.advance(60_000);
    expect(restored.run('cached')).toBeNull();

    // A restored result still reacts: clearing the blocker lets it spill.
    restored.setCell('Sheet1', 'D5', '');
    expect(restored.spreadsheet.sheet('Sheet1').values()[4].slice(2, 4)).toEqual(['b3', 'b4']);
  });
});
