/**
 * =PAYMENTS_SUMMARY(provider, [status], [from], [to], [period]): totals by period and currency, on the same pull as
 * PAYMENTS (its checks, its ten-minute cache, its 30 seconds).
 */
import { DEFAULT_SUMMARY_STATUSES, parseSummaryPeriod, summarize, summaryTable } from '../core/summary';
import type { Platform } from '../platform/types';
import { formulaPayments } from './paymentsFunction';

/** An empty status means the summary's own default, not PAYMENTS' "all": failed or pending money is no income. */
function summaryStatus(status: unknown): unknown {
  return status === undefined || status === null || status === '' ? DEFAULT_SUMMARY_STATUSES.join(',') : status;
}

export function paymentsSummaryFunction(
  platform: Platform,
  provider: unknown,
  status: unknown,
  from: unknown,
  to: unknown,
  period: unknown,
): Array<Array<string | number>> {
  // Checked before formulaPayments checks the rest and makes any request.
  const granularity = parseSummaryPeriod(period);
  const payments = formulaPayments(platform, provider, summaryStatus(status), from, to);
  return summaryTable(summarize(payments, granularity, platform.timeZone()));
}
