/**
 * Extensions → Payments Sync → "Check this spreadsheet's platform": the behaviours the add-on (and the local runtime
 * that tests it) assume of Google without a page saying so — dev/runtime/README.md's "Assumed, unverified" entries —
 * each run as a small experiment in temporary hidden sheets, with no provider requests. Everything an experiment
 * makes is removed whether it passes, fails or throws, and the sidebar shows expected against observed with a
 * report to copy. Whoever deploys runs it once; a failure means the runtime (and maybe the add-on) assumed wrong.
 */
import { CELL_MAX_CHARS } from '../core/table';
import type { PlatformProbe, ProbeSheet, SpreadsheetPlatform, TimeTrigger } from '../platform/types';
import { checkPage, type CheckReport, type CheckRow } from './selfCheckPage';
import { CONTINUATION_DELAY_MS, CONTINUE_HANDLER } from './trigger';

/** An experiment that cannot run here says why, instead of an observation. */
interface NotChecked {
  notChecked: string;
}

interface Experiment {
  name: string;
  assumption: string;
  expected: string;
  note?: string;
  /** Whether the observation bears the assumption out; equal to `expected` unless told otherwise. */
  passes?: (observed: string) => boolean;
  run(lab: Lab): string | NotChecked;
}

const README = 'dev/runtime/README.md';
/** Temporary sheets are named so that a user's sheet can hardly clash and a leftover is easy to recognise. */
const SHEET_NAME_PREFIX = 'Payments Sync check';

/** What an experiment makes, so that all of it can be removed however the experiment ends. */
class Lab {
  private readonly sheets: ProbeSheet[] = [];
  private readonly triggersBefore: Set<string>;

  constructor(
    readonly platform: SpreadsheetPlatform,
    readonly probe: PlatformProbe,
    /** Every sheet name any lab of this check tried, for the final look for leftovers. */
    private readonly sheetNamesTried: string[],
  ) {
    this.triggersBefore = new Set(platform.scheduler.timeTriggers().map((trigger) => trigger.id));
  }

  /** A new hidden sheet, named by the check unless told. */
  sheet(name = `${SHEET_NAME_PREFIX} ${this.platform.clock.now()}-${this.sheetNamesTried.length + 1}`): ProbeSheet {
    this.sheetNamesTried.push(name);
    const sheet = this.probe.insertHiddenSheet(name);
    this.sheets.push(sheet);
    return sheet;
  }

  /** Time-driven triggers that did not exist when the lab opened. */
  newTriggers(): TimeTrigger[] {
    return this.platform.scheduler.timeTriggers().filter((trigger) => !this.triggersBefore.has(trigger.id));
  }

  /** Removes every sheet and trigger the lab made; what could not be removed, as problems. */
  cleanUp(): string[] {
    const problems: string[] = [];
    const attempt = (what: string, remove: () => void) => {
      try {
        remove();
      } catch (error) {
        problems.push(`could not remove ${what}: ${messageOf(error)}`);
      }
    };
    for (const sheet of this.sheets.splice(0)) attempt(`sheet "${sheet.name()}"`, () => sheet.remove());
    for (const trigger of this.newTriggers())
      attempt(`the trigger for ${trigger.handler}`, () => this.platform.scheduler.deleteTrigger(trigger.id));
    return problems;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What a call threw, as an observation; "accepted" when it did not. */
function outcomeOf(call: () => void): string {
  try {
    call();
    return 'accepted';
  } catch (error) {
    return `throws: ${messageOf(error)}`;
  }
}

/** A cell's value as getValues gave it, its type visible: "00123" (text) and 123 (number) must not look alike. */
function shown(value: unknown): string {
  // Dates may come from another realm than the script's: instanceof would miss them.
  if (Object.prototype.toString.call(value) === '[object Date]') {
    const time = (value as Date).getTime();
    return Number.isNaN(time) ? 'Date (invalid)' : `Date ${(value as Date).toISOString()}`;
  }
  if (typeof value === 'string') return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}

/** A block read from a sheet, cells in reading order. */
function cells(grid: unknown[][]): string {
  return grid.flat().map(shown).join(', ');
}

/** One line per aspect: "label: observation". */
function lines(aspects: Record<string, string>): string {
  return Object.entries(aspects)
    .map(([label, observation]) => `${label}: ${observation}`)
    .join('\n');
}

const EXPERIMENTS: Experiment[] = [
  {
    name: "A '-prefixed text through setValues (Automatic format)",
    assumption: `${README} › Writing values: "In an Automatic cell a leading apostrophe marks text and is not part of the value"`,
    expected: lines({ values: '"00123", "=SUM(1,2)"', formulas: '"", ""' }),
    note: 'The add-on writes every provider text with a leading apostrophe so that it stays text; a failure means numbers-as-text or formulas could slip into synced cells.',
    run(lab) {
      const sheet = lab.sheet();
      sheet.setValues('A1:B1', [["'00123", "'=SUM(1,2)"]]);
      return lines({ values: cells(sheet.getValues('A1:B1')), formulas: cells(sheet.getFormulas('A1:B1')) });
    },
  },
  {
    name: "A '-prefixed text in a Plain-text (@) cell",
    assumption: `${README} › Writing values: "In a Plain-text cell (@) a string is stored exactly as given: a leading apostrophe is kept as a character"`,
    expected: lines({ values: `"'00123", "00123"`, 'number formats': '"@", "@"' }),
    note: 'In columns the user formatted as Plain text the add-on writes texts without the apostrophe, assuming Sheets would keep it as a character.',
    run(lab) {
      const sheet = lab.sheet();
      sheet.setNumberFormat('A1:B1', '@');
      sheet.setValues('A1:B1', [["'00123", '00123']]);
      return lines({ values: cells(sheet.getValues('A1:B1')), 'number formats': cells(sheet.getNumberFormats('A1:B1')) });
    },
  },
  {
    name: 'An "=…" text written by setValues into a Plain-text (@) cell',
    assumption: `${README} › Writing values: "In a Plain-text cell … =SUM(1,2) stays text (not a formula)"`,
    expected: lines({ value: '"=SUM(1,2)"', formula: '""' }),
    note: 'A failure means provider text starting with "=" could become a formula in a Plain-text column.',
    run(lab) {
      const sheet = lab.sheet();
      sheet.setNumberFormat('A1', '@');
      sheet.setValues('A1', [['=SUM(1,2)']]);
      return lines({ value: cells(sheet.getValues('A1')), formula: cells(sheet.getFormulas('A1')) });
    },
  },
  {
    name: 'A one-off time-driven trigger (ClockTriggerBuilder.after)',
    assumption: `${README} › Triggers: "A one-off trigger (after, at) runs an hour after creation at the earliest"; the add-on continues long syncs with one`,
    expected: `created: one trigger for ${CONTINUE_HANDLER}`,
    note: 'Only that an add-on may create it is observed: the check deletes it at once, so when it would first run (the hourly minimum) cannot be seen here.',
    run(lab) {
      const existing = lab.platform.scheduler.timeTriggers();
      if (existing.length > 0) {
        return {
          notChecked:
            `you already have a time-driven trigger here (for ${existing.map((trigger) => trigger.handler).join(', ')}), and an editor ` +
            'add-on may hold only one per user and document. Turn Auto refresh off in the sidebar (and let any sync in progress ' +
            'finish), run the check again, then turn Auto refresh back on.',
        };
      }
      lab.platform.scheduler.after(CONTINUE_HANDLER, CONTINUATION_DELAY_MS);
      const created = lab.newTriggers();
      return created.length === 1 ? `created: one trigger for ${created[0].handler}` : `created: ${created.length} triggers`;
    },
  },
  {
    name: 'Range.sort moves whole rows',
    assumption:
      `${README} › Sorting and copying: "Whole cells move: values, formulas, number formats, … backgrounds, notes and data validation" and ` +
      '"A moved formula\'s relative row references shift by the distance moved"',
    expected: lines({
      keys: 'number 1, number 2, number 3',
      formulas: '"=A1*10", "=A2*20", "=A3*30"',
      'number formats': '"0.0", "0", "0.00"',
      backgrounds: '"#00ff00", "#0000ff", "#ff0000"',
      notes: '"one", "two", "three"',
      validation: '"CHECKBOX", "", ""',
    }),
    note: "A sync writes the sheet by one sort: the user's own columns (formulas, notes, checkboxes) must follow their payment's row.",
    run(lab) {
      const sheet = lab.sheet();
      // Each row is marked in every column by its key, so where each cell went shows.
      sheet.setValues('A1:C3', [
        [3, '=A1*30', 1.5],
        [1, '=A2*10', 1.5],
        [2, '=A3*20', 1.5],
      ]);
      sheet.setNumberFormats('C1:C3', [['0.00'], ['0.0'], ['0']]);
      sheet.setBackgrounds('D1:D3', [['#ff0000'], ['#00ff00'], ['#0000ff']]);
      sheet.setNotes('E1:E3', [['three'], ['one'], ['two']]);
      sheet.insertCheckboxes('F2');
      sheet.sort('A1:F3', 1);
      return lines({
        keys: cells(sheet.getValues('A1:A3')),
        formulas: cells(sheet.getFormulas('B1:B3')),
        'number formats': cells(sheet.getNumberFormats('C1:C3')),
        backgrounds: cells(sheet.getBackgrounds('D1:D3')),
        notes: cells(sheet.getNotes('E1:E3')),
        validation: cells(sheet.getValidationTypes('F1:F3')),
      });
    },
  },
  {
    name: 'Range.copyTo another sheet, with a note',
    assumption: `${README} › Sorting and copying: "Range.copyTo(destination[, options]) … values, formulas (relative references shifted by the distance, as a paste), formats, notes and rules"`,
    expected: lines({ value: '"copied"', note: '"a note"', formula: '"=C3"' }),
    note: 'Rows a sync removes are copied to "<sheet> · removed" with the user\'s notes.',
    run(lab) {
      const source = lab.sheet();
      const target = lab.sheet();
      source.setValues('A1:B1', [['copied', '=A1']]);
      source.setNotes('A1', [['a note']]);
      source.copyTo('A1:B1', target, 'C3');
      return lines({ value: cells(target.getValues('C3')), note: cells(target.getNotes('C3')), formula: cells(target.getFormulas('D3')) });
    },
  },
  {
    name: 'Range.clear() and notes, data validation',
    assumption: `${README} › What each clear removes: "Range.clear() … contents and formats; notes and rules stay" (RangeList.clear's doc says it also clears validation)`,
    expected: lines({ values: '"", ""', notes: '"a note", ""', backgrounds: '"#ffffff", "#ffffff"', validation: '"", "CHECKBOX"' }),
    note: 'The add-on clears notes and rules explicitly where it empties rows, so it works either way; a failure means the runtime models clear() wrong.',
    run(lab) {
      const sheet = lab.sheet();
      sheet.setValues('A1', [['cleared']]);
      sheet.setNotes('A1', [['a note']]);
      sheet.setBackgrounds('A1:B1', [['#ff0000', '#ff0000']]);
      sheet.insertCheckboxes('B1');
      sheet.clear('A1:B1');
      return lines({
        values: cells(sheet.getValues('A1:B1')),
        notes: cells(sheet.getNotes('A1:B1')),
        backgrounds: cells(sheet.getBackgrounds('A1:B1')),
        validation: cells(sheet.getValidationTypes('A1:B1')),
      });
    },
  },
  {
    name: 'UrlFetchApp.fetchAll when one request fails in transport',
    assumption: `${README} › UrlFetchApp: "one transport failure fails the whole call"`,
    expected: 'the whole call throws (Address unavailable: …)',
    run: () => ({
      notChecked:
        "this add-on's manifest (urlFetchWhitelist) lets it reach only the three providers' hosts, so the request that succeeds " +
        'beside the failing one would be a provider request, and a host that cannot be reached inside the list is not ours to ' +
        'pick. The add-on counts a fetchAll that throws as a transport failure of every request in it (platform/appsScript.ts), ' +
        'and retries the batch.',
    }),
  },
  {
    name: 'Spreadsheet.getSheetByName and insertSheet with a name in another case',
    assumption: `${README} › Sheets and the spreadsheet: "insertSheet … refuses a taken name (…, case-insensitive)"; getSheetByName: the runtime matches the exact name (no page says)`,
    expected: lines({
      'getSheetByName(upper-cased name)': 'null',
      'insertSheet(lower-cased name)': 'throws: A sheet with the name "<lower-cased name>" already exists. Please enter another name.',
    }),
    note: 'The add-on finds sheets case-insensitively itself (a sheet name is unique whatever its case), so it works either way.',
    run(lab) {
      const name = lab.sheet().name();
      const upper = name.toUpperCase();
      const lower = name.toLowerCase();
      const found = lab.probe.sheetNameFoundBy(upper);
      const inserted = outcomeOf(() => lab.sheet(lower));
      return lines({
        'getSheetByName(upper-cased name)': found === null ? 'null' : found === name ? 'the sheet' : JSON.stringify(found),
        'insertSheet(lower-cased name)': inserted.split(lower).join('<lower-cased name>'),
      });
    },
  },
  {
    name: "A cell's 50,000-character limit",
    assumption: `${README} › Writing values: "At most 50,000 characters in a cell: longer input throws …" (src/core/table.ts counts the apostrophe in)`,
    expected: lines({
      "50,000 characters, a leading ' included": `accepted, ${CELL_MAX_CHARS} read back`,
      '50,001 characters': 'throws: Your input contains more than the maximum of 50000 characters in a single cell.',
    }),
    note: 'Provider texts are cut to fit; a different limit or count means a long text could fail a whole sync.',
    run(lab) {
      const sheet = lab.sheet();
      const fits = outcomeOf(() => sheet.setValues('A1', [["'" + 'x'.repeat(CELL_MAX_CHARS)]]));
      const readBack = String(sheet.getValues('A1')[0][0]).length;
      return lines({
        "50,000 characters, a leading ' included": fits === 'accepted' ? `accepted, ${readBack} read back` : fits,
        '50,001 characters': outcomeOf(() => sheet.setValues('A2', [['x'.repeat(50_001)]])),
      });
    },
  },
  {
    name: 'A Date with milliseconds through setValues and getValues',
    assumption: `${README} › Writing values: Dates passed as such stay what they are (src/features/tableSwitch.ts: "Whole milliseconds, as a cell's date keeps them")`,
    expected: 'Date 2026-01-31T12:34:56.789Z',
    note: 'A sync recognises its own removal stamps by reading them back equal; rounding would make a repeated run write them again.',
    run(lab) {
      const sheet = lab.sheet();
      sheet.setValues('A1', [[new Date(Date.UTC(2026, 0, 31, 12, 34, 56, 789))]]);
      return shown(sheet.getValues('A1')[0][0]);
    },
  },
  {
    name: 'LockService.getDocumentLock()',
    assumption: `${README} › Locks: "LockService.getDocumentLock() … tryLock(ms)"`,
    expected: 'a document lock',
    note: 'Without one a sync refuses to start, since it could not keep two runs from writing the same sheet.',
    passes: (observed) => observed.startsWith('a document lock'),
    run(lab) {
      const outcome = lab.platform.locks.withDocumentLock(1000, () => true);
      return outcome.acquired ? 'a document lock' : 'a document lock (another run holds it now)';
    },
  },
];

/** The experiment's observation and result; what it threw counts as a failure. */
function observe(experiment: Experiment, lab: Lab): Pick<CheckRow, 'observed' | 'result'> {
  try {
    const observation = experiment.run(lab);
    if (typeof observation !== 'string') return { observed: `not checked here: ${observation.notChecked}`, result: 'not checked' };
    const passes = experiment.passes ?? ((observed: string) => observed === experiment.expected);
    return { observed: observation, result: passes(observation) ? 'pass' : 'fail' };
  } catch (error) {
    return { observed: `threw: ${messageOf(error)}`, result: 'fail' };
  }
}

function runExperiment(experiment: Experiment, lab: Lab): CheckRow {
  const { name, assumption, expected, note } = experiment;
  let outcome: Pick<CheckRow, 'observed' | 'result'>;
  let problems: string[];
  try {
    outcome = observe(experiment, lab);
  } finally {
    problems = lab.cleanUp();
  }
  if (problems.length) outcome = { observed: `${outcome.observed}\n${problems.join('\n')}`, result: 'fail' };
  return { name, assumption, expected, ...outcome, ...(note && { note }) };
}

/** The last row: nothing the check made is left, looked up afresh rather than taken from the labs' word. */
function leftoversRow(platform: SpreadsheetPlatform, probe: PlatformProbe, sheetNames: string[], triggersBefore: Set<string>): CheckRow {
  const sheets = sheetNames.filter((name) => probe.sheetNameFoundBy(name) !== null).map((name) => `sheet "${name}"`);
  const triggers = platform.scheduler
    .timeTriggers()
    .filter((trigger) => !triggersBefore.has(trigger.id))
    .map((trigger) => `a trigger for ${trigger.handler}`);
  const left = [...sheets, ...triggers];
  return {
    name: 'Everything the check made is removed',
    assumption: 'this check',
    expected: 'nothing left',
    observed: left.length ? `left: ${left.join(', ')}` : 'nothing left',
    result: left.length ? 'fail' : 'pass',
  };
}

export function runPlatformCheck(platform: SpreadsheetPlatform, probe: PlatformProbe): CheckReport {
  const checkedAt = new Date(platform.clock.now()).toISOString();
  const triggersBefore = new Set(platform.scheduler.timeTriggers().map((trigger) => trigger.id));
  const sheetNamesTried: string[] = [];
  const rows = EXPERIMENTS.map((experiment) => runExperiment(experiment, new Lab(platform, probe, sheetNamesTried)));
  rows.push(leftoversRow(platform, probe, sheetNamesTried, triggersBefore));
  return { checkedAt, timeZone: platform.timeZone(), rows };
}

/** The menu item: runs the check and shows its report in the sidebar. */
export function checkPlatform(platform: SpreadsheetPlatform, probe: PlatformProbe): void {
  probe.showSidebar('Platform check', checkPage(runPlatformCheck(platform, probe)));
}
