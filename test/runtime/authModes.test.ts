import { runtimeWith, thrownMessage } from './helpers';

const CODE = `
  var topLevelSaw = (function () {
    try { PropertiesService.getUserProperties(); return 'allowed'; } catch (e) { return e.message; }
  })();
  function onOpen(e) {
    SpreadsheetApp.getUi().createAddonMenu().addItem('Open', 'showSidebar').addToUi();
    return [e.authMode, topLevelSaw, Session.getScriptTimeZone()];
  }
  function attempt() {
    var calls = {
      userProperties: function () { PropertiesService.getUserProperties(); },
      scriptCache: function () { CacheService.getScriptCache(); },
      fetch: function () { UrlFetchApp.fetch('https://x.example/'); },
      newTrigger: function () { ScriptApp.newTrigger('f'); },
      lock: function () { LockService.getDocumentLock(); },
      sheetName: function () { SpreadsheetApp.getActiveSpreadsheet().getName(); },
      readRange: function () { SpreadsheetApp.getActiveSheet(); },
      mail: function () { MailApp.sendEmail('a@example.com', 's', 'b'); },
      ui: function () { SpreadsheetApp.getUi(); },
      authorization: function () { ScriptApp.getAuthorizationInfo(ScriptApp.AuthMode.FULL).getAuthorizationStatus(); },
    };
    var outcome = {};
    Object.keys(calls).forEach(function (name) { try { calls[name](); outcome[name] = 'allowed'; } catch (e) { outcome[name] = e.message; } });
    return outcome;
  }`;

describe('authorization modes', () => {
  it('runs onOpen in AuthMode.NONE: menus work, the top level runs too, and data services are refused', () => {
    const rt = runtimeWith(CODE);
    expect(rt.run('onOpen', [{ authMode: 'NONE' }], { kind: 'simpleTrigger', authMode: 'NONE' })).toEqual([
      'NONE',
      'You do not have permission to call PropertiesService.getUserProperties',
      'Europe/London',
    ]);
    expect(rt.spreadsheet.menu?.items).toEqual([{ caption: 'Open', functionName: 'showSidebar' }]);
    expect(rt.run('attempt', [], { kind: 'simpleTrigger', authMode: 'NONE' })).toEqual({
      userProperties: 'You do not have permission to call PropertiesService.getUserProperties',
      scriptCache: 'You do not have permission to call CacheService.getScriptCache',
      fetch: 'You do not have permission to call UrlFetchApp.fetch',
      newTrigger: 'You do not have permission to call ScriptApp.newTrigger',
      lock: 'You do not have permission to call LockService.getDocumentLock',
      sheetName: 'You do not have permission to call getName',
      readRange: 'You do not have permission to call getActiveSheet',
      mail: 'You do not have permission to call MailApp.sendEmail',
      ui: 'allowed',
      authorization: 'allowed',
    });
  });

  it('lets a simple trigger in AuthMode.LIMITED use the document and properties, not the network or triggers', () => {
    const rt = runtimeWith(CODE);
    expect(rt.run('attempt', [], { kind: 'simpleTrigger' })).toEqual({
      userProperties: 'allowed',
      scriptCache: 'allowed',
      fetch: 'You do not have permission to call UrlFetchApp.fetch',
      newTrigger: 'You do not have permission to call ScriptApp.newTrigger',
      lock: 'allowed',
      sheetName: 'allowed',
      readRange: 'allowed',
      mail: 'You do not have permission to call MailApp.sendEmail',
      ui: 'allowed',
      authorization: 'allowed',
    });
  });

  it('refuses the UI to time-driven triggers', () => {
    const rt = runtimeWith(CODE);
    expect(rt.run('attempt', [{}], { kind: 'trigger' })).toMatchObject({
      ui: 'Cannot call SpreadsheetApp.getUi() from this context.',
      fetch: 'allowed',
    });
    expect(thrownMessage(() => rt.run('onOpen', [{ authMode: 'FULL' }], { kind: 'trigger' }))).toBe(
      'Cannot call SpreadsheetApp.getUi() from this context.',
    );
  });
});
