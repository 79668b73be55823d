/**
 * The compact per-conference figures record and the index that keeps them (storage/redis-figures.ts):
 * shapes only, so the app's deps and the store can name them without importing the rules that build them (record.ts).
 */
import type { IsoDate, IsoInstant } from '../../domain/conference-parts.ts';
import type { ParticipationCategory } from '../../domain/participation.ts';
import type { ConferenceKind, Recommendation } from '../../domain/vocabulary.ts';

export type ReportTimeliness = 'on-time' | 'late' | 'missing';

/** One circulated document: from the end of the meeting to the last recipient. */
export interface CirculationTimes {
  endedAt: IsoInstant;
  /** When the last recipient had it (a posted letter once printed); absent while anyone waits. */
  lastAt?: IsoInstant;
  /** The policy's deadline for it, where the policy has one. */
  dueAt?: IsoInstant;
  /** Recipients still waiting. */
  waiting: number;
}

export interface FiguresRecord {
  v: number;
  id: string;
  reference: string;
  policyId: string;
  kind: ConferenceKind;
  /** The aggregate's store revision the record was made from (an older one never replaces a newer). */
  rev: number;
  /** The London date the conference counts on: the day it was held, else the day it was booked for. */
  on: IsoDate;
  status: 'held' | 'cancelled' | 'not-held';
  /** Born children, in order: the chair's outcome (once decided) and how they took part (once held). */
  children: { outcome?: Recommendation; participation?: ParticipationCategory }[];
  /** Initial conferences with a strategy discussion date, once held. */
  initial?: { strategyDiscussionOn: IsoDate; latestOn: IsoDate; heldOn: IsoDate; workingDaysLate: number };
  /** Each report asked for, once the conference was held. */
  reports: { agency: string; state: ReportTimeliness }[];
  decision?: CirculationTimes;
  minutes?: CirculationTimes;
  /** Core groups booked (not cancelled) for children on a plan, with the policy's limit for each. */
  coreGroups: { startsAt: IsoInstant; dueBy?: IsoInstant }[];
  /** Plan actions with a due date (dropped ones left out). */
  actions: { dueOn: IsoDate; doneOn?: IsoDate }[];
}

export interface FiguresIndex {
  /** Keeps the record unless a record of a later revision of the conference is already there. */
  put(record: FiguresRecord): Promise<void>;
  remove(conferenceId: string): Promise<void>;
  /** The records of conferences dated from `from` to `to` (London dates, both included). */
  between(from: IsoDate, to: IsoDate): Promise<FiguresRecord[]>;
  /** The record version every stored record was built with, once a backfill finished. */
  builtVersion(): Promise<number | undefined>;
  markBuilt(version: number): Promise<void>;
}
