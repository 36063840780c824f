import { CacheServiceFake } from './cache';
import { ChartsFake } from './charts';
import type { Execution } from './execution';
import { HtmlServiceFake } from './html';
import { LockServiceFake } from './locks';
import { ConsoleFake, LoggerFake, LogSink } from './logging';
import { MailAppFake } from './mail';
import type { ServiceObject } from './membrane';
import type { Platform } from './platform';
import { PropertiesServiceFake } from './properties';
import { ScriptAppFake } from './scriptApp';
import { SessionFake } from './session';
import { SpreadsheetAppFake } from './spreadsheetApp';
import { UrlFetchAppFake } from './urlFetch';
import { UtilitiesFake } from './utilities';

/**
 * The globals an execution's script sees. Anything else it touches is undefined in its realm, so a call to a
 * service the local runtime does not fake fails loudly (ReferenceError or TypeError), as a typo would on the platform.
 */
export function createServices(execution: Execution, platform: Platform): Record<string, ServiceObject> {
  const logs = new LogSink(platform.logs, () => platform.clock.now());
  return {
    SpreadsheetApp: new SpreadsheetAppFake(execution, platform),
    Charts: new ChartsFake(),
    UrlFetchApp: new UrlFetchAppFake(execution, platform),
    PropertiesService: new PropertiesServiceFake(execution, platform),
    CacheService: new CacheServiceFake(execution, platform),
    Utilities: new UtilitiesFake(execution),
    Session: new SessionFake(execution, platform),
    ScriptApp: new ScriptAppFake(execution, platform),
    LockService: new LockServiceFake(execution, platform),
    HtmlService: new HtmlServiceFake(execution, platform),
    MailApp: new MailAppFake(execution, platform),
    Logger: new LoggerFake(logs),
    console: new ConsoleFake(logs),
  };
}
