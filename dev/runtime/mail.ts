import { ScriptException, signatureMismatch } from './errors';
import { ACCESS, type Execution } from './execution';
import { ServiceObject } from './membrane';
import type { Platform } from './platform';

export interface SentMail {
  from: string;
  to: string;
  subject: string;
  body: string;
  htmlBody?: string;
  sentAt: number;
}

interface Message {
  to: string;
  subject: string;
  body: string;
  htmlBody?: string;
}

/** sendEmail(message) or sendEmail(recipient, subject, body[, options]). */
function readMessage(api: string, args: unknown[]): Message {
  const [first, subject, body, options] = args;
  if (typeof first === 'object' && first !== null) {
    const message = first as Record<string, unknown>;
    return {
      to: String(message.to ?? ''),
      subject: String(message.subject ?? ''),
      body: String(message.body ?? ''),
      htmlBody: optionalText(message.htmlBody),
    };
  }
  if (typeof first !== 'string' || subject === undefined || body === undefined) throw signatureMismatch(api, args);
  return {
    to: first,
    subject: String(subject),
    body: String(body),
    htmlBody: optionalText((options as Record<string, unknown> | undefined)?.htmlBody),
  };
}

function optionalText(value: unknown): string | undefined {
  return value === undefined ? undefined : String(value);
}

/** MailApp.sendEmail spends the daily recipient quota and writes to rt.mail. */
class MailSender {
  constructor(
    private readonly execution: Execution,
    private readonly platform: Platform,
  ) {}

  send(api: string, args: unknown[]): void {
    this.execution.checkAccess(api, ACCESS.privileged);
    const message = readMessage(api, args);
    const recipients = message.to
      .split(',')
      .map((address) => address.trim())
      .filter(Boolean);
    const invalid = recipients.find((address) => !/^[^@\s]+@[^@\s]+$/.test(address));
    if (recipients.length === 0 || invalid !== undefined) throw new ScriptException(`Invalid email: ${invalid ?? message.to}`);
    this.platform.quotas.email.consume(this.execution.user, recipients.length, this.execution.now());
    this.platform.mail.push({ from: this.execution.user, ...message, sentAt: this.execution.now() });
  }

  remainingDailyQuota(): number {
    this.execution.checkAccess('MailApp.getRemainingDailyQuota', ACCESS.privileged);
    return this.platform.quotas.email.remaining(this.execution.user, this.execution.now());
  }
}

export class MailAppFake extends ServiceObject {
  protected readonly typeName = 'MailApp';
  private readonly sender: MailSender;

  constructor(execution: Execution, platform: Platform) {
    super();
    this.sender = new MailSender(execution, platform);
  }

  sendEmail(...args: unknown[]): void {
    this.sender.send('MailApp.sendEmail', args);
  }

  getRemainingDailyQuota(): number {
    return this.sender.remainingDailyQuota();
  }
}
