import { DEMO_CREDENTIALS, type LocalAddOn } from '../../dev/addOn';

/** Another tool of the user's spends part of this minute's Koteshen requests (not logged as the add-on's). */
export function spendKoteshenRequests(sims: LocalAddOn['sims'], count: number): void {
  const headers = { authorization: `Bearer ${DEMO_CREDENTIALS.koteshen.apiKey}` };
  for (let i = 0; i < count; i++) sims.koteshen.handle({ method: 'GET', url: 'https://koteshen.com/api/v1/payments?page=1', headers });
  sims.koteshen.resetRequests();
}
