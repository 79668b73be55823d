/**
 * Keeps each conference's figures record current as things happen: every write of a conference
 * (created, moved, decided, approved, circulated, a letter printed, minutes sent…) goes through the
 * store, which works the record out (`recordOf`) and writes it in the same transaction as the
 * conference (storage/redis-figures.ts `figuresRecords`). A send on its own changes only the
 * ledger, but whatever completes a circulation (the last send, a letter marked printed) writes the
 * conference, so the record then sees it. Records made before this existed, or under an older
 * rule, are rebuilt by `backfillFigures`.
 */
import { isDraft } from '../../domain/state-machine.ts';
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.ts';
import type { Conference } from '../../domain/conference.ts';
import type { Logger } from '../../infra/logger.ts';
import type { ConferenceStore } from '../../ports.ts';
import type { LedgerEntry, SendLedger } from '../../ports/send-ledger.ts';
import type { PolicyRegistry } from '../shared/policy-registry.ts';
import type { FiguresIndex, FiguresRecord } from './figures-record.ts';
import { circulationKeys, FIGURES_RECORD_VERSION, figuresRecord } from './record.ts';

/** Where figures records are kept (src/storage/redis-figures.ts). */

export interface FiguresDeps {
  index: FiguresIndex;
  ledger: SendLedger;
  policies: PolicyRegistry;
  calendar: WorkingDayCalendar;
  logger: Logger;
}

/** The record of a conference, or undefined for a draft (not a conference until it is confirmed). */
export async function recordOf(
  d: Pick<FiguresDeps, 'ledger' | 'policies' | 'calendar'>,
  c: Conference,
): Promise<FiguresRecord | undefined> {
  if (isDraft(c.state)) return undefined;
  const policy = d.policies.get(c.policyId);
  // The ledger matters only once the decision is approved (circulation times), and then only the
  // entries of the decision's and minutes' sends (one HMGET): the conference's whole ledger
  // (reminders, invitations, requests…) was read on every write, however long it had grown.
  const keys = circulationKeys(c, policy);
  const wanted = keys ? [...new Set([...keys.decision, ...(keys.minutes ?? [])])] : [];
  const entries = await d.ledger.getMany(c.id, wanted);
  const ledger: Record<string, LedgerEntry> = {};
  wanted.forEach((key, i) => {
    const entry = entries[i];
    if (entry) ledger[key] = entry;
  });
  return figuresRecord(c, policy, d.calendar, keys, ledger);
}

async function refresh(d: FiguresDeps, c: Conference): Promise<void> {
  try {
    const record = await recordOf(d, c);
    if (record) await d.index.put(record);
    else await d.index.remove(c.id);
  } catch (err) {
    // The conference is written: a figures record that failed is rebuilt by the next write or backfill.
    d.logger.warn('figures record not updated', { conferenceId: c.id, reference: c.reference, err });
  }
}

/**
 * Builds the record of every stored conference when the records are missing or were built under an
 * older version: once, at start-up or before the first figures are read. Returns how many it built.
 */
export async function backfillFigures(d: FiguresDeps, store: ConferenceStore): Promise<number> {
  if ((await d.index.builtVersion()) === FIGURES_RECORD_VERSION) return 0;
  // One build at a time in this process: a request during the start-up build waits for it.
  const running = building.get(d.index);
  if (running) return running;
  const build = buildAll(d, store).finally(() => building.delete(d.index));
  building.set(d.index, build);
  return build;
}

const building = new WeakMap<FiguresIndex, Promise<number>>();

async function buildAll(d: FiguresDeps, store: ConferenceStore): Promise<number> {
  const list = await store.list();
  let built = 0;
  // A few at a time: the round trips overlap without flooding Redis.
  for (let i = 0; i < list.length; i += 50) {
    const batch = await Promise.all(list.slice(i, i + 50).map((s) => store.get(s.id)));
    await Promise.all(batch.map((c) => (c ? refresh(d, c).then(() => built++) : undefined)));
  }
  await d.index.markBuilt(FIGURES_RECORD_VERSION);
  d.logger.info('figures records built', { conferences: built, version: FIGURES_RECORD_VERSION });
  return built;
}
