import { readFileSync } from 'node:fs';
import { DEMO_CREDENTIALS, KOTESHEN_DEMO_CLIENT, loadAddOn, type ProviderName } from '../../dev/addOn';
import { COLUMNS } from '../../src/core/payment';
import { spendKoteshenRequests } from '../support/providerLoad';

const HEADER = [...COLUMNS];

function errorOf(rt: ReturnType<typeof loadAddOn>['rt'], sheet: string, a1: string): string | null {
  return rt.spreadsheet.cellError(sheet, a1)?.message ?? null;
}

function formulaValues(rt: ReturnType<typeof loadAddOn>['rt'], sheet = 'Sheet1') {
  return rt.spreadsheet
    .sheet(sheet)
    .values()
    .filter((row: unknown[]) => row.some((cell) => cell !== ''));
}

describe('the built Code.js', () => {
  const code = readFileSync('dist/Code.js', 'utf8');

  it('declares PAYMENTS at the top level with its JSDoc, so Sheets offers autocomplete', () => {
    const stub = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*function PAYMENTS\(provider, status, from, to(?:, columns)?\) \{\s*\}/.exec(code);
    expect(stub).not.toBeNull();
    const jsdoc = stub![1];
    expect(jsdoc).toContain('@customfunction');
    for (const param of ['provider', 'status', 'from', 'to']) expect(jsdoc).toMatch(new RegExp(`@param \\{[^}]+\\} ${param} `));
    expect(jsdoc).toMatch(/@return \{/);
  });

  it('declares every public function at the top level and has no modules', () => {
    for (const name of [
      'onOpen',
      'onInstall',
      'openSidebar',
      'syncAllNow',
      'refreshPaymentsFormulas',
      'runScheduledRefresh',
      'continuePendingSyncs',
      'saveCredentials',
      'clearCredentials',
      'testConnection',
      'getConnections',
      'syncPayments',
      'continueSync',
      'runSavedSync',
      'deleteSync',
      'getSidebarState',
      'setAutoRefresh',
      'getScheduleStatus',
      'setLookbackDays',
    ]) {
      expect(code).toMatch(new RegExp(`^function ${name}\\(`, 'm'));
    }
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
  });
});

describe('=PAYMENTS()', () => {
  it.each(['aura', 'koteshen', 'uqualify'] as ProviderName[])('lists every %s payment, newest first, with the header', (provider) => {
    const { rt, sims, connect } = loadAddOn({ simulators: { payments: 300 } });
    connect(provider);
    rt.setCell('Sheet1', 'A1', `=PAYMENTS("${provider.toUpperCase()}")`);
    const rows = formulaValues(rt);
    expect(errorOf(rt, 'Sheet1', 'A1')).toBeNull();
    expect(rows[0]).toEqual(HEADER);
    const listed = sims[provider].listedPayments();
    expect(rows.length - 1).toBe(listed.length);
    const ids = rows.slice(1).map((row: unknown[]) => row[2]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(listed.map((p) => String(sims[provider].wireId(p))).sort());
    const dates = rows.slice(1).map((row: unknown[]) => (row[3] as Date).getTime());
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });

  it('turns minor units into major units by the currency exponent', () => {
    const { rt, sims, connect } = loadAddOn({ simulators: { payments: 0 } });
    sims.aura.addPayment({ amountMinor: 5000, currency: 'USD', occurredAt: Date.parse('2026-06-01T10:00:00Z') });
    sims.aura.addPayment({ amountMinor: 5000, currency: 'JPY', occurredAt: Date.parse('2026-06-02T10:00:00Z') });
    sims.aura.addPayment({ amountMinor: 12345, currency: 'KWD', occurredAt: Date.parse('2026-06-03T10:00:00Z') });
    connect('aura');
    rt.setCell('Sheet1', 'A1', '=PAYMENTS("aura")');
    const rows = formulaValues(rt).slice(1);
    expect(rows.map((row: unknown[]) => [row[5], row[6]])).toEqual([
      [12.345, 'KWD'],
      [5000, 'JPY'],
      [50, 'USD'],
    ]);
  });

  it('filters statuses and whole days in the spreadsheet time zone, inclusive', () => {
    const { rt, sims, connect } = loadAddOn({ simulators: { payments: 0 }, runtime: { timeZone: 'America/New_York' } });
    const at = (iso: string, status: 'succeeded' | 'failed' = 'succeeded') =>
      sims.uqualify.addPayment({ occurredAt: Date.parse(iso), createdAt: Date.parse(iso), status });
    at('2026-03-01T04:59:00Z'); // Feb 28 23:59 in New York: out
    const first = at('2026-03-01T05:00:00Z'); // Mar 1 00:00: in
    const last = at('2026-04-01T03:59:00Z'); // Mar 31 23:59: in
    at('2026-04-01T04:00:00Z'); // Apr 1: out
    at('2026-03-15T12:00:00Z', 'failed');
    connect('uqualify');
    rt.setCell('Sheet1', 'A1', '2026-03-01');
    rt.setCell('Sheet1', 'B1', '=DATE(2026,3,31)');
    rt.setCell('Sheet1', 'A3', '=PAYMENTS("uqualify", "succeeded", A1, "2026-03-31")');
    const rows = rt.spreadsheet.sheet('Sheet1').values().slice(3);
    expect(rows.map((row: unknown[]) => row[2])).toEqual([sims.uqualify.wireId(last), sims.uqualify.wireId(first)].map(String));
  });

  it('rejects bad arguments before any request', () => {
    const { rt, sims, connect } = loadAddOn({ simulators: { payments: 10 } });
    connect('aura');
    const cases: Array<[string, string]> = [
      ['=PAYMENTS("stripe")', 'Unknown provider "stripe". Use one of: aura, koteshen, uqualify.'],
      ['=PAYMENTS("aura","paid")', 'Unknown status "paid". Use one of: succeeded, pending, failed, refunded, canceled, unknown'],
      ['=PAYMENTS("aura","","2026-02-30")', 'from "2026-02-30" is not a date.'],
      ['=PAYMENTS("aura","","2026-04-01","2026-03-31")', 'from (2026-04-01) is after to (2026-03-31). Swap them.'],
      ['=PAYMENTS("koteshen")', 'Koteshen is not connected. Open Extensions → Payments Sync → Open sidebar'],
    ];
    for (const [formula, message] of cases) {
      rt.setCell('Sheet1', 'A1', formula);
      expect(errorOf(rt, 'Sheet1', 'A1')).toContain(message);
    }
    expect(sims.all.map((sim) => sim.requests.length)).toEqual([0, 0, 0]);
  });

  describe('within the 30-second limit at 400 ms a round trip', () => {
    it.each([
      ['aura', 5_000],
      ['koteshen', 10_000],
      ['uqualify', 10_000],
    ] as Array<[ProviderName, number]>)('returns %s × %i', (provider, count) => {
      const { rt, sims, connect } = loadAddOn({ simulators: { [provider]: { payments: count } }, runtime: { roundTripMs: 400 } });
      connect(provider);
      const before = rt.clock.now();
      rt.setCell('Sheet1', 'A1', `=PAYMENTS("${provider}")`);
      expect(errorOf(rt, 'Sheet1', 'A1')).toBeNull();
      expect(formulaValues(rt).length).toBe(count + 1);
      expect(rt.clock.now() - before).toBeLessThan(30_000);
      expect(sims[provider].requests.every((request) => request.status === 200)).toBe(true);
    });

    it('returns koteshen × 10,000 with a client id and secret: the token grant costs none of the rate limit', () => {
      const { rt, sims, connect } = loadAddOn({ simulators: { koteshen: { payments: 10_000 } }, runtime: { roundTripMs: 400 } });
      connect('koteshen', KOTESHEN_DEMO_CLIENT);
      const before = rt.clock.now();
      rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
      expect(errorOf(rt, 'Sheet1', 'A1')).toBeNull();
      expect(formulaValues(rt).length).toBe(10_001);
      expect(rt.clock.now() - before).toBeLessThan(30_000);
      expect(sims.koteshen.requests.filter((request) => request.url.includes('/oauth/token')).length).toBe(1);
    });

    it('asks for a short-lived Koteshen token once, not before every request', () => {
      const { rt, sims, connect } = loadAddOn({
        simulators: { koteshen: { payments: 2_000, tokenTtlSeconds: 30 } },
        runtime: { roundTripMs: 400 },
      });
      connect('koteshen', KOTESHEN_DEMO_CLIENT);
      rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
      expect(errorOf(rt, 'Sheet1', 'A1')).toBeNull();
      expect(sims.koteshen.requests.filter((request) => request.url.includes('/oauth/token')).length).toBe(1);
    });

    it('fails with advice, and no rows, when a pull cannot finish in time', () => {
      const { rt, connect } = loadAddOn({ simulators: { aura: { payments: 9_000 } }, runtime: { roundTripMs: 400 } });
      connect('aura');
      rt.setCell('Sheet1', 'A1', '=PAYMENTS("aura")');
      expect(errorOf(rt, 'Sheet1', 'A1')).toMatch(
        /Could not fetch every Aura payment in the time Google allows: (?:there is not enough time left for another request to Aura|about \d+ more requests are needed, and Aura's rate limit allows \d+ in the time left) \(\d+ read in \d+ pages before stopping\)\. A formula has 30 seconds: narrow the dates, or use .* Sync/,
      );
      expect(formulaValues(rt).length).toBe(1);
    });

    it('fetches Uqualify in parallel whichever way it counts its total', () => {
      const { rt, connect } = loadAddOn({ simulators: { uqualify: { payments: 10_000, total: 'page', lastPageNext: 'absent' } } });
      connect('uqualify');
      rt.setCell('Sheet1', 'A1', '=PAYMENTS("uqualify")');
      expect(errorOf(rt, 'Sheet1', 'A1')).toBeNull();
      expect(formulaValues(rt).length).toBe(10_001);
      expect(rt.stats.urlFetch.rounds).toBeLessThan(12);
    });
  });

  it('serves an identical recalculation from the cache for ten minutes', () => {
    const { rt, sims, connect } = loadAddOn({ simulators: { payments: 2_500 } });
    connect('koteshen');
    rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
    const requests = sims.koteshen.requests.length;
    expect(requests).toBeGreaterThan(0);
    rt.clock.advance(9 * 60_000);
    rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
    expect(sims.koteshen.requests.length).toBe(requests);
    expect(formulaValues(rt).length).toBe(2_501);
    rt.clock.advance(2 * 60_000);
    rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
    expect(sims.koteshen.requests.length).toBeGreaterThan(requests);
  });

  it('does not share cached payments between different credentials', () => {
    const { rt, sims, connect } = loadAddOn({ simulators: { payments: 20 } });
    connect('koteshen');
    rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
    const requests = sims.koteshen.requests.length;
    connect('koteshen', KOTESHEN_DEMO_CLIENT);
    rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
    expect(sims.koteshen.requests.length).toBeGreaterThan(requests);
  });

  describe('when a provider fails', () => {
    it('masks a granted Koteshen token that the provider repeats in an error', () => {
      const { rt, sims, connect } = loadAddOn({ simulators: { payments: 20 } });
      connect('koteshen', KOTESHEN_DEMO_CLIENT);
      // A formula keeps no token it takes; the sidebar's connection test stores the one both formulas use.
      rt.run('testConnection', ['koteshen']);
      rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
      const token = String(sims.koteshen.requests.find((r) => r.url.includes('/api/v1/payments'))!.headers.authorization).replace(
        'Bearer ',
        '',
      );
      sims.koteshen.faults.push({
        status: 401,
        times: Infinity,
        match: (request) => request.url.includes('/api/v1/payments'),
        body: { error: 'invalid_token', error_description: `The access token ${token} was revoked` },
      });
      rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen", "succeeded")');
      const message = errorOf(rt, 'Sheet1', 'A1')!;
      expect(message).toContain('Koteshen rejected');
      expect(message).toContain('was revoked');
      expect(message).not.toContain(token);
    });

    it('retries a parallel batch that one connection reset failed as one round, and still answers inside 30 s', () => {
      const { rt, sims, connect } = loadAddOn({ simulators: { koteshen: { payments: 5_000 } }, runtime: { roundTripMs: 400 } });
      sims.koteshen.faults.push({ transportError: 'ECONNRESET', match: (request) => /[?&]page=10(&|$)/.test(request.url) });
      connect('koteshen');
      const before = rt.clock.now();
      rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
      expect(errorOf(rt, 'Sheet1', 'A1')).toBeNull();
      expect(formulaValues(rt).length).toBe(5_001);
      expect(rt.clock.now() - before).toBeLessThan(10_000);
      expect(sims.koteshen.requests.filter((request) => /[?&]page=10(&|$)/.test(request.url)).length).toBe(2);
      expect(sims.koteshen.requests.length).toBeLessThanOrEqual(100);
    });

    it('retries 5xx, 429 and transport failures, then answers in full', () => {
      const { rt, sims, connect } = loadAddOn({ simulators: { payments: 250 } });
      sims.aura.faults.push({ status: 503, times: 2 });
      sims.aura.faults.push({ status: 429, headers: { 'Retry-After': '2' } });
      sims.aura.faults.push({ transportError: 'ECONNRESET' });
      connect('aura');
      rt.setCell('Sheet1', 'A1', '=PAYMENTS("aura")');
      expect(errorOf(rt, 'Sheet1', 'A1')).toBeNull();
      expect(formulaValues(rt).length).toBe(251);
    });

    it('says when the rate limit, not the size, is what a formula cannot wait for', () => {
      const { rt, sims, connect } = loadAddOn({ simulators: { koteshen: { payments: 900 } } });
      connect('koteshen');
      spendKoteshenRequests(sims, 95);
      rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
      expect(errorOf(rt, 'Sheet1', 'A1')).toContain(
        "Could not fetch every Koteshen payment in the time Google allows: Koteshen's rate limit (100 requests a minute) leaves no time to fetch the rest",
      );
      expect(sims.koteshen.requests.filter((r) => r.status === 429)).toEqual([]);
    });

    it.each([
      [
        { status: 401 },
        'Aura rejected the API key (HTTP 401: Invalid API key (UNAUTHORIZED)). Check it in Extensions → Payments Sync → Open sidebar → Connections.',
      ],
      [
        { htmlLoginPage: true },
        "Aura answered HTTP 200 with a web page (a login or proxy page?) instead of its API's JSON. Check the base URL in Connections.",
      ],
      [{ status: 503, times: Infinity }, 'Aura kept answering HTTP 503 (a server error) after 5 tries. Try again in a few minutes.'],
      [{ transportError: 'ECONNREFUSED', times: Infinity }, 'Aura could not be reached'],
    ])('fails the whole call, with no partial rows, on %j', (fault, message) => {
      const { rt, sims, connect } = loadAddOn({ simulators: { payments: 500 } });
      connect('aura');
      // The first pages succeed; a later one fails.
      sims.aura.faults.push({ ...fault, match: (req) => req.url.includes('cursor=') });
      rt.setCell('Sheet1', 'A1', '=PAYMENTS("aura")');
      expect(errorOf(rt, 'Sheet1', 'A1')).toContain(message);
      expect(formulaValues(rt).length).toBe(1);
    });
  });

  describe("open points in the providers' docs", () => {
    it.each(['null', 'absent', 'empty'] as const)('Aura: next_cursor %s on the last page', (lastPageCursor) => {
      const { rt, connect } = loadAddOn({ simulators: { aura: { payments: 260, lastPageCursor } } });
      connect('aura');
      rt.setCell('Sheet1', 'A1', '=PAYMENTS("aura")');
      expect(formulaValues(rt).length).toBe(261);
    });

    it.each([
      [0, 'all'],
      [null, 'all'],
      ['absent', 'all'],
      ['current', 'all'],
      [0, 'page'],
      [null, 'page'],
      ['absent', 'page'],
      ['current', 'page'],
    ] as const)('Uqualify: next %s on the last page, total counting %s', (lastPageNext, total) => {
      const { rt, connect } = loadAddOn({ simulators: { uqualify: { payments: 450, lastPageNext, total, statusFormat: 'name' } } });
      connect('uqualify');
      rt.setCell('Sheet1', 'A1', '=PAYMENTS("uqualify")');
      const rows = formulaValues(rt);
      expect(rows.length).toBe(451);
      expect(new Set(rows.map((row: unknown[]) => row[2])).size).toBe(451);
    });

    it.each([
      [25, 'cap'],
      [50, 'reject'],
    ] as const)('Koteshen: per_page capped at %i or rejected (%s)', (perPageMax, overMax) => {
      const { rt, connect } = loadAddOn({ simulators: { koteshen: { payments: 330, perPageMax, overMax } } });
      connect('koteshen');
      rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
      expect(errorOf(rt, 'Sheet1', 'A1')).toBeNull();
      expect(formulaValues(rt).length).toBe(331);
    });

    it('Koteshen: payments arriving while paging are neither lost nor doubled', () => {
      const { rt, sims, connect } = loadAddOn({ simulators: { koteshen: { payments: 1_000, arrivalsPerPage: 7 } } });
      const original = sims.koteshen.listedPayments().map((p) => String(sims.koteshen.wireId(p)));
      connect('koteshen');
      rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
      const ids = formulaValues(rt)
        .slice(1)
        .map((row: unknown[]) => row[2]);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of original) expect(ids).toContain(id);
    });

    it('Koteshen: a client id + secret is exchanged for a token, kept, and renewed when it expires', () => {
      const { rt, sims, connect } = loadAddOn({ simulators: { koteshen: { payments: 30, tokenTtlSeconds: 600 } } });
      connect('koteshen', KOTESHEN_DEMO_CLIENT);
      rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
      rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen", "all")');
      const grants = () => sims.koteshen.requests.filter((r) => r.url.includes('/oauth/token')).length;
      expect(grants()).toBe(1);
      rt.clock.advance(11 * 60_000);
      rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen", "succeeded")');
      expect(grants()).toBe(2);
      expect(formulaValues(rt).length).toBe(31);
    });
  });

  it('says which credentials make a connection when the ones given do not', () => {
    const { rt } = loadAddOn();
    expect(() => rt.run('saveCredentials', ['koteshen', { clientId: 'only-the-id' }])).toThrow(
      'To connect Koteshen, fill in the access token, or the client id and client secret.',
    );
    expect(() => rt.run('saveCredentials', ['aura', { baseUrl: 'https://api.aura-app.ai' }])).toThrow(
      'To connect Aura, fill in the API key.',
    );
  });

  it('never lets a secret reach a cell, a log, document or script properties', () => {
    const { rt, sims, connect } = loadAddOn({ simulators: { payments: 50 } });
    connect('aura');
    connect('koteshen', KOTESHEN_DEMO_CLIENT);
    connect('uqualify');
    sims.aura.faults.push({
      status: 401,
      body: { success: false, error: `bad key ${DEMO_CREDENTIALS.aura.apiKey}`, code: 'UNAUTHORIZED' },
    });
    rt.setCell('Sheet1', 'A1', '=PAYMENTS("aura")');
    rt.setCell('Sheet1', 'A3', '=PAYMENTS("koteshen")');
    rt.setCell('Sheet1', 'Z1', '=PAYMENTS("uqualify")');
    const secrets = [DEMO_CREDENTIALS.aura.apiKey!, KOTESHEN_DEMO_CLIENT.clientSecret, DEMO_CREDENTIALS.uqualify.apiKey!];
    const visible = JSON.stringify([
      rt.spreadsheet.sheet('Sheet1').values(),
      errorOf(rt, 'Sheet1', 'A1'),
      rt.logs,
      rt.documentProperties,
      rt.scriptProperties,
      rt.run('getConnections'),
    ]);
    expect(errorOf(rt, 'Sheet1', 'A1')).toContain('Aura rejected the API key');
    for (const secret of secrets) expect(visible).not.toContain(secret);
  });

  it('builds its menu in AuthMode.NONE without touching anything else', () => {
    const { rt } = loadAddOn();
    rt.run('onOpen', [{ authMode: 'NONE' }], { kind: 'simpleTrigger', authMode: 'NONE' });
    expect(JSON.stringify(rt.spreadsheet.menu)).toContain('Refresh PAYMENTS formulas');
  });
});
