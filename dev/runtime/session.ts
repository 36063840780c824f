import { createHash } from 'node:crypto';
import type { Execution } from './execution';
import { ServiceObject } from './membrane';
import type { Platform } from './platform';

export class UserFake extends ServiceObject {
  protected readonly typeName = 'User';

  constructor(private readonly email: string) {
    super();
  }

  getEmail(): string {
    return this.email;
  }
}

export class SessionFake extends ServiceObject {
  protected readonly typeName = 'Session';

  constructor(
    private readonly execution: Execution,
    private readonly platform: Platform,
  ) {
    super();
  }

  /** Custom functions run anonymously: the active user's email is empty there. */
  getActiveUser(): UserFake {
    return new UserFake(this.execution.kind === 'customFunction' ? '' : this.execution.user);
  }

  getEffectiveUser(): UserFake {
    return new UserFake(this.execution.user);
  }

  getScriptTimeZone(): string {
    return this.platform.scriptTimeZone;
  }

  /** Stable for a user within this document, opaque, and not the email. */
  getTemporaryActiveUserKey(): string {
    const user = this.getActiveUser().getEmail();
    return createHash('sha256').update(`${this.platform.spreadsheet.id}/${user}`).digest('base64url');
  }
}
