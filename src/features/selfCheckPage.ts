/**
 * The platform check's sidebar page: a table of expected against observed, and the same as plain text in a textarea
 * to copy into an issue. The page is written out here, whole, because everything on it is known when the check ends:
 * it needs no script talking back to the server, and the local runtime and the playground show it as Sheets does.
 */
export type CheckResult = 'pass' | 'fail' | 'not checked';

/** One experiment of the check (features/selfCheck.ts), as the page shows it. */
export interface CheckRow {
  name: string;
  /** Where the assumption is written down: the runtime README's section and entry. */
  assumption: string;
  expected: string;
  observed: string;
  result: CheckResult;
  /** What the result cannot show, or what a failure means for the add-on. */
  note?: string;
}

export interface CheckReport {
  checkedAt: string;
  timeZone: string;
  rows: CheckRow[];
}

const RESULT_LABEL: Record<CheckResult, string> = { pass: 'PASS', fail: 'FAIL', 'not checked': 'NOT CHECKED' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function count(report: CheckReport, result: CheckResult): number {
  return report.rows.filter((row) => row.result === result).length;
}

function summary(report: CheckReport): string {
  return `${count(report, 'pass')} passed, ${count(report, 'fail')} failed, ${count(report, 'not checked')} not checked`;
}

const indented = (text: string) => text.split('\n').join('\n    ');

/** The copyable report: one block per experiment, what was expected and what Google did. */
export function reportText(report: CheckReport): string {
  const blocks = report.rows.map((row) =>
    [
      `[${RESULT_LABEL[row.result]}] ${row.name}`,
      `  Assumption: ${row.assumption}`,
      `  Expected:\n    ${indented(row.expected)}`,
      `  Observed:\n    ${indented(row.observed)}`,
      ...(row.note ? [`  Note: ${row.note}`] : []),
    ].join('\n'),
  );
  return [
    `Payments Sync platform check, ${report.checkedAt}, spreadsheet time zone ${report.timeZone}`,
    summary(report),
    '',
    blocks.join('\n\n'),
  ].join('\n');
}

function rowHtml(row: CheckRow, index: number): string {
  const result = row.result.replace(' ', '-');
  return (
    `<tr class="${result}" data-testid="check-row-${index}">` +
    `<th scope="row">${escapeHtml(row.name)}${row.note ? `<p class="note">${escapeHtml(row.note)}</p>` : ''}</th>` +
    `<td><pre>${escapeHtml(row.expected)}</pre></td>` +
    `<td><pre>${escapeHtml(row.observed)}</pre></td>` +
    `<td class="result" data-testid="check-result-${index}">${RESULT_LABEL[row.result]}</td>` +
    '</tr>'
  );
}

const STYLES = `
body { font: 13px/1.4 Roboto, Arial, sans-serif; color: #202124; margin: 12px; }
h1 { font-size: 15px; margin: 0 0 4px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; }
th, td { text-align: left; vertical-align: top; border-top: 1px solid #dadce0; padding: 6px 4px; }
thead th { border-top: none; color: #5f6368; font-weight: 500; }
pre { margin: 0; white-space: pre-wrap; word-break: break-word; font: 11px/1.4 monospace; }
.note { margin: 4px 0 0; color: #5f6368; font-weight: normal; font-size: 11px; }
.pass .result { color: #188038; }
.fail .result { color: #d93025; font-weight: bold; }
.not-checked .result { color: #5f6368; }
textarea { width: 100%; box-sizing: border-box; height: 180px; font: 11px/1.4 monospace; }
`;

export function checkPage(report: CheckReport): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Payments Sync platform check</title>
<style>${STYLES}</style>
</head>
<body>
<h1>Platform check</h1>
<p data-testid="check-summary">${escapeHtml(summary(report))}. Each row is something the add-on assumes of Google, tried in a temporary hidden sheet that is gone again.</p>
<table data-testid="check-table">
<thead><tr><th scope="col">Experiment</th><th scope="col">Expected</th><th scope="col">Observed</th><th scope="col">Result</th></tr></thead>
<tbody>${report.rows.map(rowHtml).join('')}</tbody>
</table>
<label for="report">Report to copy (for the developers, or an issue)</label>
<textarea id="report" data-testid="check-report" readonly onfocus="this.select()">${escapeHtml(reportText(report))}</textarea>
</body>
</html>
`;
}
