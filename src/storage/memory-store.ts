/**
 * In-memory ConferenceStore and SendLedger for pure unit tests only. Same semantics as the
 * Redis ones (ConflictError on duplicate create, rev check on update, lease-based claims),
 * so a use-case tested here behaves the same against Redis. Values are deep-copied in and out
 * so a test cannot mutate stored state by accident.
 */
import type { Conference } from '../domain/conference.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import type { AuditEntry, Claim, Clock, ConferenceStore, ConferenceSummary, LedgerEntry, SendLedger } from '../ports.ts';
import type { StoredLedgerEntry } from './redis-ledger.ts';

const copy = <T>(value: T): T => structuredClone(value);

export class MemoryConferenceStore implements ConferenceStore {
  private readonly conferences = new Map<string, Conference>();
  private readonly references = new Map<string, string>();
  private readonly counters = new Map<number, number>();
  private readonly audits = new Map<string, AuditEntry[]>();
  private readonly blobs = new Map<string, { data: Buffer; meta: Record<string, string> }>();
  private readonly clock: Clock;
  private readonly maxAttempts: number;

  constructor(options: { clock: Clock; maxAttempts?: number }) {
    this.clock = options.clock;
    this.maxAttempts = options.maxAttempts ?? 20;
  }

  async nextReference(year: number): Promise<string> {
    const n = (this.counters.get(year) ?? 0) + 1;
    this.counters.set(year, n);
    return `CPC-${year}-${String(n).padStart(4, '0')}`;
  }

  async create(conference: Conference): Promise<void> {
    if (this.conferences.has(conference.id)) throw new ConflictError(`Conference ${conference.id} already exists`);
    if (this.references.has(conference.reference)) {
      throw new ConflictError(`Reference ${conference.reference} is already in use`);
    }
    this.conferences.set(conference.id, copy(conference));
    this.references.set(conference.reference, conference.id);
  }

  async get(id: string): Promise<Conference | undefined> {
    const c = this.conferences.get(id);
    return c && copy(c);
  }

  async getByReference(reference: string): Promise<Conference | undefined> {
    const id = this.references.get(reference);
    return id === undefined ? undefined : this.get(id);
  }

  async update(id: string, mutate: (current: Conference) => Conference | Promise<Conference>): Promise<Conference> {
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const read = this.conferences.get(id);
      if (!read) throw new NotFoundError(`Conference ${id} not found`);
      const mutated = await mutate(copy(read));
      // mutate may be async: another update can land meanwhile, exactly as between WATCH and EXEC.
      const stored = this.conferences.get(id);
      if (!stored) throw new NotFoundError(`Conference ${id} not found`);
      if (stored.rev !== read.rev) continue;
      const next: Conference = { ...copy(mutated), id, rev: read.rev + 1, updatedAt: this.clock.now().toISOString() };
      this.conferences.set(id, next);
      return copy(next);
    }
    throw new ConflictError(`Conference ${id} kept changing; gave up after ${this.maxAttempts} attempts`);
  }

  async list(): Promise<ConferenceSummary[]> {
    return [...this.conferences.values()]
      .map((c) => ({ c, ms: Date.parse(c.startsAt) }))
      .sort((a, b) => a.ms - b.ms || (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0))
      .map(({ c }) => ({
        id: c.id,
        reference: c.reference,
        policyId: c.policyId,
        kind: c.kind,
        state: c.state,
        startsAt: c.startsAt,
      }));
  }

  async audit(conferenceId: string, entry: Omit<AuditEntry, 'at'> & { at?: string }): Promise<void> {
    const stored: AuditEntry = { at: entry.at ?? this.clock.now().toISOString(), actor: entry.actor, action: entry.action };
    if (entry.detail !== undefined) stored.detail = copy(entry.detail);
    const log = this.audits.get(conferenceId) ?? [];
    log.push(stored);
    this.audits.set(conferenceId, log);
  }

  async readAudit(conferenceId: string): Promise<AuditEntry[]> {
    return copy(this.audits.get(conferenceId) ?? []);
  }

  async putBlob(conferenceId: string, blobId: string, data: Buffer, meta: Record<string, string>): Promise<void> {
    this.blobs.set(`${conferenceId}/${blobId}`, { data: Buffer.from(data), meta: { ...meta } });
  }

  async getBlob(conferenceId: string, blobId: string): Promise<{ data: Buffer; meta: Record<string, string> } | undefined> {
    const blob = this.blobs.get(`${conferenceId}/${blobId}`);
    return blob && { data: Buffer.from(blob.data), meta: { ...blob.meta } };
  }
}

export class MemorySendLedger implements SendLedger {
  private readonly entries = new Map<string, Map<string, StoredLedgerEntry>>();
  private readonly clock: Clock;

  constructor(options: { clock: Clock }) {
    this.clock = options.clock;
  }

  async claim(conferenceId: string, key: string, leaseMs: number): Promise<Claim | false> {
    const now = this.clock.now();
    const current = this.entries.get(conferenceId)?.get(key);
    if (current?.state === 'sent') return false;
    if (current?.state === 'sending' && current.leaseUntil && Date.parse(current.leaseUntil) > now.getTime()) return false;
    this.write(conferenceId, key, {
      state: 'sending',
      at: now.toISOString(),
      leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
    });
    return { firstAttemptAt: this.entries.get(conferenceId)!.get(key)!.firstAttemptAt! };
  }

  async markSent(conferenceId: string, key: string, messageId: string): Promise<void> {
    this.write(conferenceId, key, { state: 'sent', at: this.clock.now().toISOString(), messageId });
  }

  async markSkipped(conferenceId: string, key: string, reason: string): Promise<void> {
    this.write(conferenceId, key, { state: 'skipped', at: this.clock.now().toISOString(), reason });
  }

  async markFailed(conferenceId: string, key: string, reason: string): Promise<void> {
    this.write(conferenceId, key, { state: 'failed', at: this.clock.now().toISOString(), reason });
  }

  async get(conferenceId: string, key: string): Promise<StoredLedgerEntry | undefined> {
    const entry = this.entries.get(conferenceId)?.get(key);
    return entry && { ...entry };
  }

  async list(conferenceId: string): Promise<Record<string, LedgerEntry>> {
    return Object.fromEntries([...(this.entries.get(conferenceId) ?? [])].map(([k, v]) => [k, { ...v }]));
  }

  private write(conferenceId: string, key: string, entry: StoredLedgerEntry): void {
    const map = this.entries.get(conferenceId) ?? new Map<string, StoredLedgerEntry>();
    // The first attempt's time survives every later write (see LedgerEntry.firstAttemptAt).
    const first = map.get(key)?.firstAttemptAt ?? (entry.state === 'sending' ? entry.at : undefined);
    map.set(key, first ? { ...entry, firstAttemptAt: first } : entry);
    this.entries.set(conferenceId, map);
  }
}
