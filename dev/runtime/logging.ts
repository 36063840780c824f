import { format } from 'node:util';
import { ServiceObject } from './membrane';

export type LogLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';

export interface LogEntry {
  level: LogLevel;
  message: string;
  time: number;
}

/** Where console.* and Logger.log write: rt.logs. */
export class LogSink {
  constructor(
    private readonly entries: LogEntry[],
    private readonly now: () => number,
  ) {}

  write(level: LogLevel, args: unknown[]): void {
    this.entries.push({ level, message: format(...args), time: this.now() });
  }
}

export class ConsoleFake extends ServiceObject {
  protected readonly typeName = 'console';
  constructor(private readonly sink: LogSink) {
    super();
  }
  log(...args: unknown[]): void {
    this.sink.write('log', args);
  }
  info(...args: unknown[]): void {
    this.sink.write('info', args);
  }
  warn(...args: unknown[]): void {
    this.sink.write('warn', args);
  }
  error(...args: unknown[]): void {
    this.sink.write('error', args);
  }
  debug(...args: unknown[]): void {
    this.sink.write('debug', args);
  }
}

export class LoggerFake extends ServiceObject {
  protected readonly typeName = 'Logger';
  constructor(private readonly sink: LogSink) {
    super();
  }
  /** Logger.log(format, values…) substitutes %s placeholders, as util.format does. */
  log(data: unknown, ...values: unknown[]): LoggerFake {
    this.sink.write('log', [data, ...values]);
    return this;
  }
}
