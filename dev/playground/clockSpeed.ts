/** The playground's fast clock, in words for the command line and the page. */

/** How long an hour of the spreadsheet's clock lasts at `speed`: "a minute", "6 seconds", "2 minutes". */
export function hourLasts(speed: number): string {
  const seconds = 3600 / speed;
  if (seconds === 60) return 'a minute';
  const [amount, unit] = seconds > 60 ? [seconds / 60, 'minute'] : [seconds, 'second'];
  const rounded = Number(amount.toFixed(1));
  return `${rounded} ${unit}${rounded === 1 ? '' : 's'}`;
}
