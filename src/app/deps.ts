import type { WorkingDayCalendar } from '../domain/calendar/working-days.ts';
import type { Logger } from '../infra/logger.ts';
import type { ChatNotifier, Clock, ConferenceStore, JobScheduler, Mailer, MeetingProvider, ReplyCodeStore, SendLedger } from '../ports.ts';
import type { PolicyRegistry } from './policy-registry.ts';

export interface AppSettings {
  publicBaseUrl: string;
  /** Signs per-attendee reply tokens and personal links. */
  linkSecret: string;
  /** Where alerts for the coordinator go (the policy's sender mailbox when unset). */
  coordinatorEmail?: string;
  /** How long a send claim lives before another worker may retry it (a killed worker's send). */
  sendLeaseMs: number;
  /** Meeting provider for conferences that do not name one. */
  defaultMeetingProvider: 'local' | 'google' | 'teams';
}

/** Everything a use-case may touch. Built once in main.ts (or by a test) and passed down. */
export interface AppDeps {
  clock: Clock;
  store: ConferenceStore;
  ledger: SendLedger;
  /** The reply codes printed on letters instead of personal links. */
  replyCodes: ReplyCodeStore;
  jobs: JobScheduler;
  mailer: Mailer;
  meetings: (name: string) => MeetingProvider;
  policies: PolicyRegistry;
  calendar: WorkingDayCalendar;
  logger: Logger;
  newId: () => string;
  /** Teams chat, where configured; absent = email only. */
  chat?: ChatNotifier;
  settings: AppSettings;
}
