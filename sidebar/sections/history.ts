/**
 * History: the run log, newest first, in words: what each run changed, how long it took, and why a failed one failed.
 */
import { byTestId, h } from '../dom';
import { changeCounts, formatDuration, formatWhen, runOutcome, runOutcomeClass } from '../format';
import type { RunRecord } from '../server';
import type { Section, SidebarContext } from './context';

const SHOWN_RUNS = 20;

function entry(run: RunRecord, timeZone: string) {
  const failed = run.outcome === 'error';
  const details: Array<Node | string> = [`${run.trigger === 'scheduled' ? 'Scheduled' : 'Manual'}, ${run.kind}`];
  // A failed run changed nothing, so its counts would only be noise.
  if (!failed) {
    details.push(' · ', h('span', { 'data-testid': 'history-changes' }, changeCounts(run)));
  }
  details.push(` · ${formatDuration(run.durationMs)}`);
  return h(
    'li',
    { class: 'item', 'data-testid': 'history-entry' },
    h('p', {}, h('span', { class: 'item-title' }, run.sheetName), ` · ${formatWhen(run.at, { timeZone })}`),
    h('p', { class: 'secondary' }, ...details),
    h('p', { class: runOutcomeClass(run), 'data-testid': 'history-outcome' }, runOutcome(run)),
  );
}

export function historySection(section: HTMLElement, context: SidebarContext): Section {
  const list = byTestId('history-list', section);
  const empty = byTestId('history-empty', section);
  let shown = '';
  return {
    render() {
      const fingerprint = JSON.stringify([context.state.runLog, context.state.timeZone]);
      if (fingerprint === shown) return;
      shown = fingerprint;
      const runs = [...context.state.runLog].sort((a, b) => b.at - a.at).slice(0, SHOWN_RUNS);
      list.replaceChildren(...runs.map((run) => entry(run, context.state.timeZone)));
      empty.hidden = runs.length > 0;
    },
  };
}
