import type { WorkingDayCalendar } from '../domain/calendar/working-days.ts';
import type { MeetingProviderName } from '../domain/vocabulary.ts';
import type { Logger } from '../infra/logger.ts';
import type {
  ChatNotifier,
  ChildRecordStore,
  Clock,
  ConferenceStore,
  Mailer,
  MeetingProvider,
  RenderCache,
  ReplyCodeStore,
  SearchIndex,
  WorkIndex,
} from '../ports.ts';
import type { JobScheduler } from '../ports/jobs.ts';
import type { SendLedger } from '../ports/send-ledger.ts';
import type { NotifyService, TextOptOuts } from '../ports/notify.ts';
import type { TextKind } from '../domain/texts.ts';
import type { PolicyRegistry } from './shared/policy-registry.ts';
import type { FiguresIndex } from './figures/figures-record.ts';

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
  /** Providers a conference may not name here, each with what is missing (Graph or Google settings; local in production). */
  meetingProvidersMissing?: Partial<Record<'local' | 'google' | 'teams', string>>;
  /** With GOV.UK Notify: minutes between status checks, and the template id of each kind of text. */
  notify?: { pollMinutes: number; smsTemplates: Partial<Record<TextKind, string>> };
}

/** Everything a use-case may touch. Built once in main.ts (or by a test) and passed down. */
export interface AppDeps {
  clock: Clock;
  store: ConferenceStore;
  /** Children across conferences: their plans, category history and reviews (domain/child-record.ts). */
  childRecords: ChildRecordStore;
  ledger: SendLedger;
  /** The reply codes printed on letters instead of personal links. */
  replyCodes: ReplyCodeStore;
  /** Artefacts a fan-out renders once and shares between its recipients (render-once.ts). */
  renders: RenderCache;
  jobs: JobScheduler;
  mailer: Mailer;
  /** Throws StepCannotSucceedError for a name that is no provider. */
  meetings: (name: MeetingProviderName) => MeetingProvider;
  policies: PolicyRegistry;
  calendar: WorkingDayCalendar;
  logger: Logger;
  newId: () => string;
  /** The blind index for finding a conference by a name: absent, search falls back to reading each conference. */
  search?: SearchIndex;
  /** The worklist's index: absent, the worklist reads every conference. */
  work?: WorkIndex;
  /** Teams chat, where configured; absent = email only. */
  chat?: ChatNotifier;
  /** GOV.UK Notify, where configured: letters by post are printed and posted by it, and texts sent. Absent = the print queue. */
  notify?: NotifyService;
  /** Numbers that replied to a text: present with `notify`. */
  textOptOuts?: TextOptOuts;
  settings: AppSettings;
  /** The figures records (one per conference, kept current by the store): the figures page reads them. */
  figures?: FiguresIndex;
}
