/**
 * Extensions → Payments Sync → "Check this spreadsheet's platform" on the local runtime, which models Google as the
 * add-on assumes: every experiment passes, nothing it made is left behind (also when an experiment throws), and the
 * sidebar shows the table and the report to copy.
 */
import { loadAddOn } from '../../dev/addOn';
import type { Runtime } from '../../dev/runtime';

const FETCH_ALL = 'UrlFetchApp.fetchAll when one request fails in transport';
const COPY_TO = 'Range.copyTo another sheet, with a note';
const TRIGGER = 'A one-off time-driven trigger (ClockTriggerBuilder.after)';
const LOCK = 'LockService.getDocumentLock()';

function decodeHtml(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');
}

/** The report in the sidebar's textarea, as the user would copy it. */
function shownReport(rt: Runtime): string {
  const sidebar = rt.spreadsheet.sidebar;
  expect(sidebar?.title).toBe('Platform check');
  const [, text] = /<textarea[^>]*data-testid="check-report"[^>]*>([\s\S]*?)<\/textarea>/.exec(sidebar!.html) ?? [];
  expect(text).toBeDefined();
  return decodeHtml(text);
}

/** Each experiment's name and result, from the report's "[RESULT] name" lines. */
function results(report: string): Record<string, string> {
  return Object.fromEntries([...report.matchAll(/^\[(PASS|FAIL|NOT CHECKED)\] (.+)$/gm)].map(([, result, name]) => [name, result]));
}

/** The report's block for one experiment. */
function block(report: string, name: string): string {
  return report.split('\n\n').find((part) => part.includes(`] ${name}\n`)) ?? '';
}

function expectOnly(report: string, exceptions: Record<string, string>): void {
  const all = results(report);
  expect(Object.keys(all).length).toBeGreaterThanOrEqual(13);
  for (const [name, result] of Object.entries(all)) expect([name, result]).toEqual([name, exceptions[name] ?? 'PASS']);
}

function expectNothingLeft(rt: Runtime, sheets: string[], triggerIds: string[]): void {
  expect(rt.spreadsheet.sheetNames()).toEqual(sheets);
  expect(rt.triggers.map((trigger) => trigger.id)).toEqual(triggerIds);
}

it('is in the add-on menu', () => {
  const { rt } = loadAddOn();
  rt.run('onOpen', [{ authMode: 'NONE' }], { kind: 'simpleTrigger', authMode: 'NONE' });
  expect(rt.spreadsheet.menu?.items).toContainEqual({ caption: "Check this spreadsheet's platform", functionName: 'checkPlatform' });
});

it('passes every experiment the runtime can run, leaves no sheet or trigger, and shows the report', () => {
  const { rt } = loadAddOn();
  rt.run('checkPlatform');

  const report = shownReport(rt);
  expectOnly(report, { [FETCH_ALL]: 'NOT CHECKED' });
  expect(report).toMatch(
    /^Payments Sync platform check, 2026-06-15T09:00:00\.000Z, spreadsheet time zone Etc\/UTC\n12 passed, 0 failed, 1 not checked\n/,
  );
  // Each block says what was expected and what was seen, and which runtime README entry it checks.
  expect(block(report, 'Range.sort moves whole rows')).toContain(
    'Observed:\n    keys: number 1, number 2, number 3\n    formulas: "=A1*10", "=A2*20", "=A3*30"',
  );
  expect(block(report, TRIGGER)).toContain('hourly minimum');
  expect(block(report, FETCH_ALL)).toContain('not checked here: ');
  for (const part of report.split('\n\n').slice(1, -1)) expect(part).toMatch(/\n {2}Assumption: dev\/runtime\/README\.md › /);
  expect(rt.spreadsheet.sidebar!.html).toContain('data-testid="check-table"');
  expect(rt.spreadsheet.sidebar!.html.match(/data-testid="check-result-\d+"/g)).toHaveLength(13);
  expectNothingLeft(rt, ['Sheet1'], []);
  expect(rt.stats.urlFetch.requests).toBe(0);
});

it('removes what an experiment made when the experiment throws, and goes on with the others', () => {
  const { rt } = loadAddOn();
  // Room for one more new sheet (1000 × 26 cells) under the 10,000,000-cell limit, not two: the copy experiment's
  // second sheet is refused after its first was made.
  rt.insertRows('Sheet1', Math.floor((10_000_000 - 26_000 - 13_000) / 26) - 1000);
  rt.run('checkPlatform');

  const report = shownReport(rt);
  expectOnly(report, { [FETCH_ALL]: 'NOT CHECKED', [COPY_TO]: 'FAIL' });
  expect(block(report, COPY_TO)).toContain(
    'Observed:\n    threw: This action would increase the number of cells in the workbook above the limit of 10000000 cells.',
  );
  expectNothingLeft(rt, ['Sheet1'], []);
});

it('reports a document lock Google withholds as a failure', () => {
  const { rt } = loadAddOn();
  rt.withholdDocumentLock();
  rt.run('checkPlatform');

  const report = shownReport(rt);
  expectOnly(report, { [FETCH_ALL]: 'NOT CHECKED', [LOCK]: 'FAIL' });
  expect(block(report, LOCK)).toContain('threw: Google gave this run no document lock');
  expectNothingLeft(rt, ['Sheet1'], []);
});

it('does not check the one-off trigger while the user has a trigger of their own, and leaves that trigger alone', () => {
  const { rt } = loadAddOn();
  rt.run('setAutoRefresh', [6, 0, false]);
  const [schedule] = rt.triggers;
  expect(schedule.handler).toBe('runScheduledRefresh');
  rt.run('checkPlatform');

  const report = shownReport(rt);
  expectOnly(report, { [FETCH_ALL]: 'NOT CHECKED', [TRIGGER]: 'NOT CHECKED' });
  expect(block(report, TRIGGER)).toContain('Turn Auto refresh off in the sidebar');
  expectNothingLeft(rt, ['Sheet1'], [schedule.id]);
});
