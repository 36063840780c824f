/**
 * A saved sync's own schedule: the line saying when it next runs, and a small form (behind "Schedule") to give it its
 * own refresh — off, every 1–12 hours, daily, weekly or monthly at an hour, paused or not — or to let it follow the
 * auto refresh again. Built per saved sync by savedSyncs.ts; the words are DOM-free and unit-tested under node.
 */
import { h, showMessage, whileBusy } from '../dom';
import { formatHour, formatWhen, type LocaleOptions } from '../format';
import { call, errorMessage, type ScheduledSync, type SyncScheduleSetting } from '../server';
import type { SidebarContext } from './context';

/** The form's first choice: no schedule of its own, so the auto refresh (the owner's "refresh all my syncs") runs it. */
const FOLLOW_DEFAULT = 'default';
type Every = SyncScheduleSetting['every'] | typeof FOLLOW_DEFAULT;

const EVERY_LABELS: Record<Every, string> = {
  default: 'With the auto refresh',
  off: 'Off (only when run by hand)',
  hours: 'Every few hours',
  day: 'Daily',
  week: 'Weekly',
  month: 'Monthly',
};
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const DEFAULT_AT_HOUR = 6;

/** "Daily at 6:00 AM", "Every 3 hours", "Monthly on day 31 at 6:00 AM (or the month's last day)"; "Paused: …". */
export function scheduleDescription(schedule: SyncScheduleSetting | undefined, locale?: string): string {
  if (!schedule) return 'With the auto refresh';
  const at = 'atHour' in schedule ? ` at ${formatHour(schedule.atHour, locale)}` : '';
  let rule: string;
  switch (schedule.every) {
    case 'off':
      return 'Off: runs only when you run it';
    case 'hours':
      rule = schedule.hours === 1 ? 'Every hour' : `Every ${schedule.hours} hours`;
      break;
    case 'day':
      rule = `Daily${at}`;
      break;
    case 'week':
      rule = `Weekly on ${WEEKDAYS[schedule.weekday - 1]}${at}`;
      break;
    case 'month':
      rule = `Monthly on day ${schedule.day}${at}${schedule.day > 28 ? " (or the month's last day)" : ''}`;
      break;
  }
  return schedule.paused ? `Paused: ${rule.charAt(0).toLowerCase()}${rule.slice(1)}` : rule;
}

/** "Next run Jun 16, 6:00 AM", in the spreadsheet's time zone, or why there is none. */
export function nextRunText(sync: Pick<ScheduledSync, 'schedule' | 'nextRunAt'>, options: LocaleOptions = {}): string {
  if (sync.nextRunAt !== null) return `Next run ${formatWhen(sync.nextRunAt, options)}`;
  if (sync.schedule?.paused) return 'No run while paused.';
  if (sync.schedule?.every === 'off') return 'Never runs on its own.';
  return 'Never runs on its own: the auto refresh is off.';
}

/** What the form sends: null follows the auto refresh; the fields each kind needs, from the form's selects. */
export function settingFrom(form: {
  every: string;
  hours: string;
  weekday: string;
  day: string;
  atHour: string;
  paused: boolean;
}): SyncScheduleSetting | null {
  const { paused } = form;
  const atHour = Number(form.atHour);
  switch (form.every as Every) {
    case 'default':
      return null;
    case 'off':
      return { every: 'off', paused };
    case 'hours':
      return { every: 'hours', hours: Number(form.hours), paused };
    case 'day':
      return { every: 'day', atHour, paused };
    case 'week':
      return { every: 'week', weekday: Number(form.weekday), atHour, paused };
    case 'month':
      return { every: 'month', day: Number(form.day), atHour, paused };
  }
}

/** Which controls each kind shows. */
const SHOWN: Record<Every, Array<'hours' | 'weekday' | 'day' | 'atHour' | 'paused'>> = {
  default: [],
  off: [],
  hours: ['hours', 'paused'],
  day: ['atHour', 'paused'],
  week: ['weekday', 'atHour', 'paused'],
  month: ['day', 'atHour', 'paused'],
};

/** Rows are rebuilt when the syncs change: the form that was open, and what its last save said, survive that. */
const openForms = new Map<string, string>();

function options(values: Array<[string, string]>): HTMLOptionElement[] {
  return values.map(([value, label]) => h('option', { value }, label));
}

function selectGroup(id: string, label: string, select: HTMLSelectElement): HTMLDivElement {
  select.id = id;
  return h('div', { class: 'form-group' }, h('label', { for: id }, label), select);
}

/** The schedule line and form of one saved sync. */
export function syncScheduleControl(sync: ScheduledSync, context: SidebarContext): HTMLElement {
  const id = (name: string) => `schedule-${name}-${sync.id}`;
  const timeZone = context.state.timeZone;
  const select = (name: string, values: Array<[string, string]>) => h('select', { 'data-testid': id(name) }, ...options(values));
  const every = select(
    'every',
    (Object.keys(EVERY_LABELS) as Every[]).map((kind) => [kind, EVERY_LABELS[kind]]),
  );
  const hours = select(
    'hours',
    Array.from({ length: 12 }, (_, i) => [String(i + 1), i === 0 ? '1 hour' : `${i + 1} hours`]),
  );
  const weekday = select(
    'weekday',
    WEEKDAYS.map((name, i) => [String(i + 1), name]),
  );
  const day = select(
    'day',
    Array.from({ length: 31 }, (_, i) => [String(i + 1), String(i + 1)]),
  );
  const atHour = select(
    'at-hour',
    Array.from({ length: 24 }, (_, hour) => [String(hour), formatHour(hour)]),
  );
  const paused = h('input', { type: 'checkbox', id: id('paused'), 'data-testid': id('paused') });
  const groups = {
    hours: selectGroup(id('hours-field'), 'Every', hours),
    weekday: selectGroup(id('weekday-field'), 'On', weekday),
    day: selectGroup(id('day-field'), 'On day', day),
    atHour: selectGroup(id('at-hour-field'), `At (${timeZone})`, atHour),
    paused: h('div', { class: 'checkbox' }, paused, h('label', { for: id('paused') }, 'Paused (keeps these settings)')),
  };
  const save = h('button', { type: 'submit', 'data-testid': id('save') }, 'Save schedule');
  const message = h('p', { class: 'message', role: 'status', 'data-testid': id('message') });
  const form = h(
    'form',
    { novalidate: true },
    selectGroup(id('every-field'), 'Runs', every),
    ...Object.values(groups),
    h('div', { class: 'buttons' }, save),
    message,
  );
  const details = h('details', { 'data-testid': id('details') }, h('summary', {}, 'Schedule'), form);

  const schedule = sync.schedule;
  every.value = schedule?.every ?? FOLLOW_DEFAULT;
  hours.value = String(schedule?.every === 'hours' ? schedule.hours : 1);
  weekday.value = String(schedule?.every === 'week' ? schedule.weekday : 1);
  day.value = String(schedule?.every === 'month' ? schedule.day : 1);
  atHour.value = String(schedule && 'atHour' in schedule ? schedule.atHour : DEFAULT_AT_HOUR);
  paused.checked = schedule?.paused ?? false;
  const showFields = () => {
    const shown = SHOWN[every.value as Every];
    for (const [name, group] of Object.entries(groups)) group.hidden = !shown.includes(name as keyof typeof groups);
  };
  every.addEventListener('change', showFields);
  showFields();
  if (openForms.has(sync.id)) {
    details.open = true;
    showMessage(message, openForms.get(sync.id)!, 'ok');
  }
  details.addEventListener('toggle', () => (details.open ? openForms.set(sync.id, '') : openForms.delete(sync.id)));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showMessage(message, '');
    const setting = settingFrom({
      every: every.value,
      hours: hours.value,
      weekday: weekday.value,
      day: day.value,
      atHour: atHour.value,
      paused: paused.checked,
    });
    try {
      const syncs = await whileBusy(save, 'Saving…', form, () => call('setSyncSchedule', sync.id, setting));
      openForms.set(sync.id, 'Schedule saved.');
      context.update({ syncs });
    } catch (failure) {
      showMessage(message, errorMessage(failure), 'error');
    }
  });

  return h(
    'div',
    { class: 'sync-schedule' },
    h('p', { class: 'secondary', 'data-testid': id('summary') }, `${scheduleDescription(schedule)} · ${nextRunText(sync, { timeZone })}`),
    details,
  );
}
