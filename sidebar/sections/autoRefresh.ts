/**
 * Auto refresh: the user's own schedule that re-runs their saved syncs, the look-back window of incremental refreshes, and the
 * banner at the top of the sidebar while a scheduled refresh has failed.
 */
import { failureBannerText, parseLookbackDays, scheduleSummary, unresolvedScheduledFailure } from '../autoRefresh';
import { byTestId, h, showMessage, whileBusy } from '../dom';
import { formatHour, refreshLabel } from '../format';
import { call, errorMessage } from '../server';
import type { Section, SidebarContext } from './context';

const DAILY = 24;
/** What the server picks for a daily refresh when no hour is given. */
const DEFAULT_DAILY_HOUR = 6;

export function scheduleBanner(banner: HTMLElement, context: SidebarContext): Section {
  return {
    render() {
      const { schedule, runLog, syncs } = context.state;
      const failure = unresolvedScheduledFailure(schedule, runLog, syncs);
      const text = failure ? failureBannerText(failure, { timeZone: context.state.timeZone }) : '';
      // Rewriting the same text would make screen readers announce the alert again on every render.
      if (banner.textContent !== text) banner.textContent = text;
      banner.hidden = !failure;
    },
  };
}

export function autoRefreshSection(section: HTMLElement, context: SidebarContext): Section {
  const scheduleForm = byTestId<HTMLFormElement>('schedule-form', section);
  const hours = byTestId<HTMLSelectElement>('schedule-hours', section);
  const atHourGroup = byTestId('schedule-at-hour-group', section);
  const atHour = byTestId<HTMLSelectElement>('schedule-at-hour', section);
  const timeZoneNote = byTestId('schedule-time-zone', section);
  const notify = byTestId<HTMLInputElement>('schedule-notify', section);
  const save = byTestId<HTMLButtonElement>('schedule-save', section);
  const message = byTestId('schedule-message', section);
  const summary = byTestId('schedule-status', section);
  const lookbackForm = byTestId<HTMLFormElement>('lookback-form', section);
  const lookback = byTestId<HTMLInputElement>('lookback-days', section);
  const lookbackSave = byTestId<HTMLButtonElement>('lookback-save', section);
  const lookbackMessage = byTestId('lookback-message', section);

  const showAtHour = () => {
    atHourGroup.hidden = Number(hours.value) !== DAILY;
  };
  hours.addEventListener('change', showAtHour);

  scheduleForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    showMessage(message, '');
    const interval = Number(hours.value);
    try {
      const schedule = await whileBusy(save, 'Saving…', section, () =>
        call('setAutoRefresh', interval, interval === DAILY ? Number(atHour.value) : null, notify.checked),
      );
      context.update({ schedule });
      showMessage(message, interval === 0 ? 'Auto refresh is off.' : 'Auto refresh saved.', 'ok');
    } catch (error) {
      showMessage(message, errorMessage(error), 'error');
    }
  });

  lookbackForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    showMessage(lookbackMessage, '');
    const parsed = parseLookbackDays(lookback.value);
    if (!parsed.ok) {
      lookback.setAttribute('aria-invalid', 'true');
      showMessage(lookbackMessage, parsed.error, 'error');
      lookback.focus();
      return;
    }
    lookback.removeAttribute('aria-invalid');
    try {
      const lookbackDays = await whileBusy(lookbackSave, 'Saving…', section, () => call('setLookbackDays', parsed.days));
      context.update({ lookbackDays });
      showMessage(lookbackMessage, 'Look-back window saved.', 'ok');
    } catch (error) {
      showMessage(lookbackMessage, errorMessage(error), 'error');
    }
  });

  let optionsBuilt = false;
  let shownSchedule: string | null = null;
  let shownLookback: number | null = null;
  return {
    render() {
      const { state } = context;
      if (!optionsBuilt) {
        hours.append(...state.refreshHours.map((value) => h('option', { value: String(value) }, refreshLabel(value))));
        atHour.append(...Array.from({ length: 24 }, (_, hour) => h('option', { value: String(hour) }, formatHour(hour))));
        optionsBuilt = true;
      }
      // The form shows the saved schedule, but only when that changes: never over a choice the user is making.
      const schedule = state.schedule.schedule;
      const fingerprint = JSON.stringify(schedule);
      if (fingerprint !== shownSchedule) {
        shownSchedule = fingerprint;
        hours.value = String(schedule?.hours ?? 0);
        atHour.value = String(schedule?.atHour ?? DEFAULT_DAILY_HOUR);
        notify.checked = schedule?.notifyOnFailure ?? true;
        showAtHour();
      }
      timeZoneNote.textContent = `In the spreadsheet’s time zone, ${schedule?.timeZone ?? state.timeZone}.`;
      summary.replaceChildren(...scheduleSummary(state.schedule, { timeZone: state.timeZone }).map((line) => h('p', {}, line)));
      if (state.lookbackDays !== shownLookback) {
        shownLookback = state.lookbackDays;
        lookback.value = String(state.lookbackDays);
      }
    },
  };
}
