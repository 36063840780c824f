import { OWNER, runtimeWith, thrownMessage } from './helpers';

describe('Utilities', () => {
  const rt = runtimeWith(`
    function format(iso, zone, pattern) { return Utilities.formatDate(new Date(iso), zone, pattern); }
    function formatNotADate() { return Utilities.formatDate('2026-01-01', 'UTC', 'yyyy'); }
    function bytes(text) { var encoded = Utilities.base64Encode(text); var decoded = Utilities.base64Decode(encoded);
      return [encoded, decoded, Utilities.newBlob(decoded).getDataAsString(), Utilities.base64EncodeWebSafe([-5, -1]), Utilities.base64DecodeWebSafe('-_8=')]; }
    function digest(text) { return Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, text, Utilities.Charset.UTF_8); }
    function uuid() { return Utilities.getUuid(); }
    function badBase64() { return Utilities.base64Decode('not base64!'); }`);

  it('formats dates with Java patterns in any time zone', () => {
    const at = '2026-06-15T09:05:03.007Z';
    expect(rt.run('format', [at, 'Europe/London', "yyyy-MM-dd'T'HH:mm:ssXXX"])).toBe('2026-06-15T10:05:03+01:00');
    expect(rt.run('format', [at, 'UTC', "yyyy-MM-dd'T'HH:mm:ss.SSSX"])).toBe('2026-06-15T09:05:03.007Z');
    expect(rt.run('format', [at, 'America/New_York', "EEE, d MMM yyyy h:mm a Z 'o''clock'"])).toBe(
      "Mon, 15 Jun 2026 5:05 AM -0400 o'clock",
    );
    expect(rt.run('format', [at, 'Not/AZone', 'HH:mm Z'])).toBe('09:05 +0000');
    expect(thrownMessage(() => rt.run('format', [at, 'UTC', 'yyyy-qq']))).toBe("Illegal pattern character 'q'");
    expect(thrownMessage(() => rt.run('formatNotADate'))).toBe(
      "The parameters (String,String,String) don't match the method signature for Utilities.formatDate.",
    );
  });

  it('encodes base64 (also web-safe), returns signed bytes, and digests', () => {
    expect(rt.run('bytes', ['héllo'])).toEqual(['aMOpbGxv', [104, -61, -87, 108, 108, 111], 'héllo', '-_8=', [-5, -1]]);
    expect((rt.run('digest', ['abc']) as number[]).slice(0, 4)).toEqual([-70, 120, 22, -65]);
    expect(rt.run('uuid')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(thrownMessage(() => rt.run('badBase64'))).toBe('Could not decode string.');
  });
});

describe('Session', () => {
  it('knows the user, the script time zone, and a stable per-user key', () => {
    const rt = runtimeWith(
      `function who() { return [Session.getActiveUser().getEmail(), Session.getEffectiveUser().getEmail(), Session.getScriptTimeZone(), Session.getTemporaryActiveUserKey()]; }`,
      { timeZone: 'America/New_York' },
    );
    const [active, effective, zone, key] = rt.run('who', [], { user: 'a@example.com' }) as string[];
    expect([active, effective, zone]).toEqual(['a@example.com', 'a@example.com', 'America/New_York']);
    expect((rt.run('who', [], { user: 'a@example.com' }) as string[])[3]).toBe(key);
    expect((rt.run('who', [], { user: 'b@example.com' }) as string[])[3]).not.toBe(key);
    expect(key).not.toContain('a@example.com');
  });
});

describe('HtmlService', () => {
  it('serves project files by name and reports missing ones', () => {
    const rt = runtimeWith(
      `function sidebar() { var out = HtmlService.createTemplateFromFile('Sidebar.html').evaluate().setTitle('T').setWidth(300)
           .setXFrameOptionsMode(HtmlService.XFrameOptionsMode.ALLOWALL);
         return [out.getContent(), out.getTitle(), out.getWidth(), HtmlService.createHtmlOutput('<b>x</b>').getContent()]; }
       function missing() { HtmlService.createHtmlOutputFromFile('Nope'); }`,
      { files: { Sidebar: '<div>payments</div>' } },
    );
    expect(rt.run('sidebar')).toEqual(['<div>payments</div>', 'T', 300, '<b>x</b>']);
    expect(thrownMessage(() => rt.run('missing'))).toBe('No HTML file named Nope was found.');
  });
});

describe('MailApp', () => {
  it('records mail and enforces the daily recipient quota', () => {
    const rt = runtimeWith(`
      function send() {
        MailApp.sendEmail('a@example.com', 'Sync failed', 'Details');
        MailApp.sendEmail({ to: 'b@example.com, c@example.com', subject: 'Report', body: 'text', htmlBody: '<b>html</b>' });
        MailApp.sendEmail('d@example.com', 'Hi', 'there');
        return MailApp.getRemainingDailyQuota();
      }
      function sendMany(count) { for (var i = 0; i < count; i++) MailApp.sendEmail('x@example.com', 's', 'b'); }
      function sendInvalid() { MailApp.sendEmail('not-an-address', 's', 'b'); }`);
    expect(rt.run('send')).toBe(96);
    expect(rt.mail.map(({ from, to, subject, htmlBody }) => [from, to, subject, htmlBody])).toEqual([
      [OWNER, 'a@example.com', 'Sync failed', undefined],
      [OWNER, 'b@example.com, c@example.com', 'Report', '<b>html</b>'],
      [OWNER, 'd@example.com', 'Hi', undefined],
    ]);
    expect(thrownMessage(() => rt.run('sendMany', [97]))).toBe('Service invoked too many times for one day: email.');
    expect(rt.mail).toHaveLength(99);
    expect(thrownMessage(() => rt.run('sendInvalid'))).toBe('Invalid email: not-an-address');
  });
});

describe('Logger and console', () => {
  it('write to rt.logs with level and virtual time', () => {
    const rt = runtimeWith(
      `function log() { Logger.log('%s payments', 3); console.warn('slow', { ms: 1200 }); console.error(new Error('boom').message); }`,
    );
    rt.run('log');
    expect(rt.logs).toEqual([
      { level: 'log', message: '3 payments', time: Date.parse('2026-06-15T09:00:00Z') },
      { level: 'warn', message: 'slow { ms: 1200 }', time: Date.parse('2026-06-15T09:00:00Z') },
      { level: 'error', message: 'boom', time: Date.parse('2026-06-15T09:00:00Z') },
    ]);
  });
});
