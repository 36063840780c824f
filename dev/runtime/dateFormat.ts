import { ScriptException } from './errors';
import { shortZoneName, toZoned, type ZonedTime } from './timeZone';

/**
 * Java SimpleDateFormat patterns, as Utilities.formatDate takes them: letters are fields, text in single quotes is
 * literal ('' is a quote), anything else is copied. The fields below are the ones scripts use; others throw as Java does.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function formatDatePattern(epochMs: number, timeZone: string, pattern: string): string {
  const time = toZoned(epochMs, timeZone);
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i];
    if (char === "'") {
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      let end = i + 1;
      for (; end < pattern.length; end++) {
        if (pattern[end] !== "'") out += pattern[end];
        else if (pattern[end + 1] === "'") out += pattern[++end];
        else break;
      }
      i = end + 1;
    } else if (/[A-Za-z]/.test(char)) {
      let end = i;
      while (pattern[end] === char) end++;
      out += formatField(char, end - i, time, epochMs, timeZone);
      i = end;
    } else {
      out += char;
      i++;
    }
  }
  return out;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function formatOffset(offsetMinutes: number, width: number, zeroAsZ: boolean): string {
  if (offsetMinutes === 0 && zeroAsZ) return 'Z';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = pad(Math.floor(Math.abs(offsetMinutes) / 60), 2);
  const minutes = pad(Math.abs(offsetMinutes) % 60, 2);
  if (width === 1) return sign + hours;
  return width === 2 ? sign + hours + minutes : `${sign}${hours}:${minutes}`;
}

function formatField(letter: string, width: number, time: ZonedTime, epochMs: number, timeZone: string): string {
  switch (letter) {
    case 'y':
      return width === 2 ? pad(time.year % 100, 2) : pad(time.year, width);
    case 'M':
      if (width >= 4) return MONTHS[time.month - 1];
      return width === 3 ? MONTHS[time.month - 1].slice(0, 3) : pad(time.month, width);
    case 'd':
      return pad(time.day, width);
    case 'E':
      return width >= 4 ? WEEKDAYS[time.weekday] : WEEKDAYS[time.weekday].slice(0, 3);
    case 'u':
      return pad(time.weekday === 0 ? 7 : time.weekday, width);
    case 'H':
      return pad(time.hour, width);
    case 'k':
      return pad(time.hour === 0 ? 24 : time.hour, width);
    case 'h':
      return pad(time.hour % 12 === 0 ? 12 : time.hour % 12, width);
    case 'K':
      return pad(time.hour % 12, width);
    case 'a':
      return time.hour < 12 ? 'AM' : 'PM';
    case 'm':
      return pad(time.minute, width);
    case 's':
      return pad(time.second, width);
    case 'S':
      return pad(time.millisecond, width);
    case 'Z':
      return formatOffset(time.offsetMinutes, 2, false);
    case 'X':
      return formatOffset(time.offsetMinutes, Math.min(width, 3), true);
    case 'z':
      return shortZoneName(epochMs, timeZone);
    default:
      throw new ScriptException(`Illegal pattern character '${letter}'`);
  }
}
