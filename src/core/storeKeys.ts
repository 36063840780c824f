/**
 * Every key the add-on writes in a properties store or a cache, in one place, so two features can never collide and a
 * reader can see at once what lives where. User properties hold secrets and tokens; document properties hold syncs,
 * jobs, schedules and the run log (never a secret); the document cache holds payment data and rate-limit state.
 */
import type { ProviderId } from './adapter';

export const STORE_KEYS = {
  // User properties: one person's own.
  /** A provider's default account: the one connection a user had before accounts, kept where it was. */
  connection: (provider: ProviderId) => `payments.connection.${provider}`,
  /** Another account of the provider, under a slot id made when it was added (its name may change, the slot not). */
  account: (provider: ProviderId, slot: string) => `payments.connection.${provider}.${slot}`,
  accountPrefix: (provider: ProviderId) => `payments.connection.${provider}.`,
  /** A token granted for one saved connection; it goes when the connection changes or is removed. */
  token: (provider: ProviderId, connectionId: string) => `payments.token.${provider}.${connectionId}`,
  /** How the last test of a saved connection went (no secret in it). */
  connectionTest: (connectionId: string) => `payments.connectionTest.${connectionId}`,
  // Document properties: shared by the spreadsheet's editors.
  syncPrefix: 'payments.sync.',
  jobPrefix: 'payments.job.',
  runLog: 'payments.runLog',
  lookbackDays: 'payments.lookbackDays',
  schedule: (user: string) => `payments.schedule.${user}`,
  roundDue: (user: string) => `payments.roundDue.${user}`,
  /** Whether the user's schedule trigger fires at their default interval or hourly for syncs' own schedules. */
  triggerCadence: (user: string) => `payments.triggerCadence.${user}`,
  formulaEpoch: 'payments.formulaEpoch',
  formulaJournal: 'payments.formulaJournal',
  // Document cache.
  rateLimit: (connectionId: string) => `payments.rateLimit.${connectionId}`,
} as const;
