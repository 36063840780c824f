/**
 * Google's limits and what the add-on does at them, on the local runtime against the simulators: errors no retry
 * fixes, rate limits shared across executions, what a custom function may write, a missing document lock,
 * redirects, base URLs and secrets in every text we show or store.
 */
import { KOTESHEN_DEMO_CLIENT, loadAddOn } from '../../dev/addOn';

type AddOn = ReturnType<typeof loadAddOn>;
const HOUR = 3_600_000;

function cellError(addOn: AddOn, a1 = 'A1'): string | null {
  return addOn.rt.spreadsheet.cellError('Sheet1', a1)?.message ?? null;
}

function rowCount(addOn: AddOn, sheet: string): number {
  return addOn.rt.spreadsheet
    .sheet(sheet)
    .values()
    .filter((row: unknown[]) => row.some((cell) => cell !== '')).length;
}

function thrown(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the call to throw');
}

/** Virtual ms until the next UTC midnight, when the runtime's daily quotas reset. */
function untilUtcMidnight(now: number): number {
  return 86_400_000 - (now % 86_400_000);
}

describe('errors that retrying cannot fix', () => {
  it('the daily UrlFetch quota: said at once, resetting within 24 hours, with no retries', () => {
    const addOn = loadAddOn({ simulators: { payments: 20 }, runtime: { urlFetchCallsPerDay: 0 } });
    addOn.connect('aura');
    addOn.rt.resetStats();
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("aura")');
    const message = cellError(addOn);
    expect(message).toContain("Google's daily UrlFetch quota for your account is used up");
    expect(message).toContain('It resets within 24 hours');
    expect(message).not.toMatch(/few minutes/);
    // One refused call, not five tries with backoff.
    expect(addOn.rt.stats.urlFetch.fetchAll).toBe(1);
  });

  it('a URL over 2 KB: named, and nothing sent', () => {
    const addOn = loadAddOn({ simulators: { payments: 20 } });
    addOn.connect('koteshen', {
      apiKey: addOn.sims.koteshen.credentials.accessToken as string,
      baseUrl: `https://koteshen.com/${'k'.repeat(2_100)}`,
    });
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
    expect(cellError(addOn)).toMatch(
      /^A request to Koteshen would need a URL longer than the 2 KB Apps Script allows \(URLFetch URL Length\)/,
    );
    expect(addOn.sims.koteshen.requests).toEqual([]);
  });

  it('a response over 50 MB: named, and asked for once', () => {
    const addOn = loadAddOn({ simulators: { payments: 20 } });
    addOn.connect('aura');
    addOn.sims.aura.faults.push({ body: 'x'.repeat(50 * 1024 * 1024 + 1), times: Infinity });
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("aura")');
    expect(cellError(addOn)).toMatch(/^Aura sent a response larger than the 50 MB Apps Script accepts/);
    expect(addOn.sims.aura.requests).toHaveLength(1);
  });

  it('a long sync stopped by the daily quota keeps its staged rows and checkpoint, and finishes after the reset', () => {
    // 30 s a page: one execution reads about ten of the twenty pages; the quota stops the second after two more.
    const addOn = loadAddOn({ simulators: { aura: { payments: 2_000, latencyMs: 30_000 } }, runtime: { urlFetchCallsPerDay: 12 } });
    addOn.connect('aura');
    const first = addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'Payments', range: 'all_time' }]) as { status: string };
    expect(first.status).toBe('continuing');
    // An editor add-on's continuation comes up to an hour later.
    const runs = addOn.rt.runUntilIdle({ maxVirtualMs: 70 * 60_000 });
    expect(runs).toHaveLength(1);
    const jobKeys = () => Object.keys(addOn.rt.documentProperties).filter((key) => key.startsWith('payments.job.'));
    expect(jobKeys()).toHaveLength(1);
    const lastRun = (
      JSON.parse(addOn.rt.documentProperties[Object.keys(addOn.rt.documentProperties).find((k) => k.startsWith('payments.sync.'))!]) as {
        lastRun: { outcome: string; error?: string };
      }
    ).lastRun;
    expect(lastRun.outcome).toBe('error');
    expect(lastRun.error).toContain('It resets within 24 hours');
    expect(addOn.sims.aura.requests).toHaveLength(12);

    addOn.rt.clock.advance(untilUtcMidnight(addOn.rt.clock.now()));
    addOn.rt.runUntilIdle({ maxVirtualMs: 2 * HOUR });
    expect(jobKeys()).toEqual([]);
    // Ten pages were staged before the quota, two read again after the reset: twenty-two in all, not thirty-two.
    expect(addOn.sims.aura.requests).toHaveLength(22);
    expect(rowCount(addOn, 'Payments')).toBe(2_001);
    const ids = addOn.rt.spreadsheet
      .sheet('Payments')
      .values()
      .slice(1)
      .map((row: unknown[]) => row[2]);
    expect(new Set(ids).size).toBe(2_000);
  });
});

describe('rate limits shared by every execution of a connection', () => {
  it("a scheduled round's sync does not leave its PAYMENTS formula short of the minute's requests", () => {
    // One payment a page: the round's sync spends 60 of Koteshen's 100 requests a minute; the formula needs 60 more.
    const addOn = loadAddOn({ simulators: { koteshen: { payments: 60, perPageMax: 1 } } });
    addOn.connect('koteshen');
    addOn.rt.run('syncPayments', [{ provider: 'koteshen', sheetName: 'K', range: 'all_time' }]);
    addOn.rt.clock.advance(2 * 60_000);
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
    expect(cellError(addOn)).toBeNull();
    addOn.rt.run('setAutoRefresh', [1]);
    addOn.rt.clock.advance(HOUR - 60_000);
    addOn.rt.runUntilIdle({ maxVirtualMs: 2 * 60_000 });
    expect(cellError(addOn)).toBeNull();
    expect(rowCount(addOn, 'Sheet1')).toBe(61);
    expect(addOn.sims.koteshen.requests.filter((request) => request.status === 429)).toEqual([]);
  });

  it('a formula stopped by a rate limit another run spent says so, not "narrow the dates"', () => {
    const addOn = loadAddOn({ simulators: { koteshen: { payments: 90, perPageMax: 1 } } });
    addOn.connect('koteshen');
    addOn.rt.run('syncPayments', [{ provider: 'koteshen', sheetName: 'K', range: 'all_time' }]);
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
    const message = cellError(addOn);
    expect(message).toContain("Koteshen's rate limit (100 requests a minute) leaves no time to fetch the rest");
    expect(message).toContain('The rate limit is shared by every run with this connection');
    expect(message).not.toContain('narrow the dates');
    expect(addOn.sims.koteshen.requests.filter((request) => request.status === 429)).toEqual([]);
  });
});

describe('what a custom function may do', () => {
  it("PAYMENTS takes a Koteshen token by client credentials without storing it in the user's properties", () => {
    const addOn = loadAddOn({ simulators: { payments: 20 } });
    addOn.connect('koteshen', KOTESHEN_DEMO_CLIENT);
    const before = { ...addOn.rt.userProperties('owner@example.com') };
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
    expect(cellError(addOn)).toBeNull();
    expect(rowCount(addOn, 'Sheet1')).toBe(addOn.sims.koteshen.listedPayments().length + 1);
    expect({ ...addOn.rt.userProperties('owner@example.com') }).toEqual(before);
  });

  it('PAYMENTS uses a token the sidebar stored, without a grant of its own', () => {
    const addOn = loadAddOn({ simulators: { payments: 20 } });
    addOn.connect('koteshen', KOTESHEN_DEMO_CLIENT);
    expect(addOn.rt.run('testConnection', ['koteshen'])).toEqual(expect.objectContaining({ ok: true }));
    addOn.sims.koteshen.resetRequests();
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
    expect(cellError(addOn)).toBeNull();
    expect(addOn.sims.koteshen.requests.filter((request) => request.path === '/oauth/token')).toEqual([]);
  });

  it('a sync without a document lock says why instead of a TypeError', () => {
    const addOn = loadAddOn({ simulators: { payments: 20 } });
    addOn.connect('aura');
    addOn.rt.withholdDocumentLock();
    expect(thrown(() => addOn.rt.run('syncPayments', [{ provider: 'aura', sheetName: 'P', range: 'all_time' }]))).toMatch(
      /^Google gave this run no document lock \(LockService.getDocumentLock\(\) returned null\)/,
    );
  });
});

describe('requests and secrets', () => {
  it('never follows a redirect: a 3xx is an error naming the provider, and nothing goes where it points', () => {
    const addOn = loadAddOn({ simulators: { payments: 20 } });
    addOn.connect('koteshen');
    addOn.sims.koteshen.faults.push({ status: 302, headers: { Location: 'https://koteshen.com/elsewhere/payments' }, body: '' });
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
    expect(cellError(addOn)).toBe(
      "Koteshen answered with a redirect (HTTP 302 to https://koteshen.com/elsewhere/payments) instead of its API's JSON. " +
        "The add-on never follows redirects, so your credentials go nowhere else: check Koteshen's base URL in Connections.",
    );
    expect(addOn.sims.koteshen.requests.map((request) => request.path)).toEqual(['/api/v1/payments']);
  });

  it.each([
    ['http://invoices.example.com', 'it starts with http://, which would send your credentials unencrypted: use https://'],
    ['https://me:hunter2@invoices.example.com', 'it carries a user name or password before "@"'],
  ])('refuses to save the base URL %s', (baseUrl, reason) => {
    const addOn = loadAddOn();
    const message = thrown(() => addOn.connect('koteshen', { apiKey: 'kt_pat_whatever_12345', baseUrl }));
    expect(message).toContain(reason);
    expect(message).not.toContain('hunter2');
  });

  it('masks a secret a provider echoed URL- or form-encoded, in the cell, the sync outcome and the run log', () => {
    const secret = 'kt_secret/with+odd=chars&more';
    const addOn = loadAddOn({ simulators: { payments: 20 } });
    addOn.connect('koteshen', { clientId: KOTESHEN_DEMO_CLIENT.clientId, clientSecret: secret });
    // Form-encoded as sent, and with the lower-case hex digits some servers write.
    const echoed = `client_secret=${encodeURIComponent(secret)} or ${encodeURIComponent(secret).toLowerCase()}`;
    const tokenFault = {
      status: 401,
      body: { error: 'invalid_client', error_description: `Rejected ${echoed}` },
      times: Infinity,
      match: (request: { url: string }) => request.url.endsWith('/oauth/token'),
    };
    addOn.sims.koteshen.faults.push(tokenFault);
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
    expect(cellError(addOn)).toContain('Rejected client_secret=•••• or ••••');
    expect(() => addOn.rt.run('syncPayments', [{ provider: 'koteshen', sheetName: 'K', range: 'all_time' }])).toThrow(
      'Rejected client_secret=•••• or ••••',
    );
    const stored = JSON.stringify(addOn.rt.documentProperties);
    expect(stored).toContain('Rejected client_secret=•••• or ••••');
    expect(stored).not.toMatch(/odd|chars/i);
  });

  it('shows the message of a Koteshen error body that carries one', () => {
    const addOn = loadAddOn({ simulators: { payments: 20 } });
    addOn.connect('koteshen');
    addOn.sims.koteshen.faults.push({ status: 403, body: { message: 'This account is suspended' } });
    addOn.rt.setCell('Sheet1', 'A1', '=PAYMENTS("koteshen")');
    expect(cellError(addOn)).toContain('(HTTP 403: This account is suspended)');
  });
});
