/**
 * The send ledger's writes (sent, failed, skipped, refused), batched across the process: an entry goes to
 * Redis at once when no write is on its way there, and the entries asked for while one is go together
 * in the next. Each caller's promise settles when its own entry is in Redis, and none waits longer
 * than the write ahead of it (a worker killed meanwhile would have an unrecorded send sent again),
 * yet a fan-out's sends, or several conferences' jobs at once, cost one round trip per batch rather
 * than one per send.
 */
import type { Redis } from 'ioredis';
import { RedisScript } from './redis-script.ts';
import { writeReplicated, type ReplicaAck } from './replica-ack.ts';

/** Reads an entry (compact, or JSON as written before): state, first attempt, lease end, whether JSON. */
export const LUA_PARSE = `
local function parse(raw)
  if string.sub(raw, 1, 1) == '{' then
    local e = cjson.decode(raw)
    local lease = nil
    if type(e.leaseUntil) == 'string' then lease = e.leaseUntil end
    local first = nil
    if type(e.firstAttemptAt) == 'string' then first = e.firstAttemptAt end
    return e.state, first, lease, true
  end
  local parts = {}
  for field in string.gmatch(string.sub(raw, 1, 64), '([^|]*)|?') do
    parts[#parts + 1] = field
    if #parts == 4 then break end
  end
  local state = ({ c = 'sending', s = 'sent', k = 'skipped', f = 'failed', r = 'refused' })[parts[1]]
  local first = parts[3]
  if first == '=' then first = parts[2] elseif first == '' then first = nil end
  local lease = nil
  if state == 'sending' then lease = parts[4] end
  return state, first, lease, false
end
`;

// Writes entries, six arguments each: the ledger (its index in KEYS), the send key, its state code,
// its time, the fields after <first>, and for a usual Message-ID its domain ('' for none): '~'
// follows, and the domain too unless it is the ledger's own (kept once, in its field '@', set by the
// first such entry). The first attempt's time of the entry it replaces is kept.
const WRITE_SCRIPT = new RedisScript(`${LUA_PARSE}
for i = 1, #ARGV, 6 do
  local ledger = KEYS[tonumber(ARGV[i])]
  local raw = redis.call('HGET', ledger, ARGV[i + 1])
  local first = ''
  local state = nil
  if raw then
    local was
    state, was = parse(raw)
    if was then first = was end
  end
  -- A "sent" mark written again (no replica had it) leaves one already there as it is (its delivery status).
  if not (state == 'sent' and ARGV[i + 2] == 's') then
    if first == ARGV[i + 3] then first = '=' end
    local rest = ARGV[i + 4]
    local d = ARGV[i + 5]
    if d ~= '' then
      local domain = redis.call('HGET', ledger, '@')
      if not domain then
        redis.call('HSET', ledger, '@', d)
        domain = d
      end
      if domain == d then rest = rest .. '~' else rest = rest .. '~' .. d end
    end
    redis.call('HSET', ledger, ARGV[i + 1], ARGV[i + 2] .. '|' .. ARGV[i + 3] .. '|' .. first .. '|' .. rest)
  end
end
return 1
`);

/** Entries per script call: a bound on one call's arguments, far above what a turn of the loop asks. */
const MAX_BATCH = 256;

interface Write {
  ledger: string;
  key: string;
  code: string;
  at: string;
  rest: string;
  domain: string;
  /** With `replicaAck`: until when a "sent" mark no replica has is written again (epoch ms). */
  until: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class LedgerWrites {
  #waiting: Write[] = [];
  #writing = false;

  /**
   * `replicaAck` (Redis Sentinel): a "sent" mark no replica acknowledged is written again, on
   * whichever master the client reaches by then, until one does: a mark taken by a master that a
   * failover has just demoted would be thrown away, and the send look unsent to the next attempt.
   * Other entries settle once written: losing one costs a wait for the claim's lease, not a message.
   */
  constructor(
    private readonly redis: Redis,
    private readonly replicaAck?: ReplicaAck,
  ) {}

  /**
   * Writes one entry (`code|at|first|rest`, the first attempt's time kept; with `domain`, a usual
   * Message-ID's, '~' after `rest`); settles once it is in Redis.
   */
  write(ledger: string, key: string, code: string, at: string, rest: string, domain = ''): Promise<void> {
    return new Promise((resolve, reject) => {
      const until = Date.now() + (this.replicaAck?.retryForMs ?? 0);
      this.#waiting.push({ ledger, key, code, at, rest, domain, until, resolve, reject });
      if (!this.#writing) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    try {
      while (this.#waiting.length) {
        const batch = this.#waiting.splice(0, MAX_BATCH);
        const ledgers = [...new Set(batch.map((w) => w.ledger))];
        const index = new Map(ledgers.map((l, i) => [l, String(i + 1)]));
        const write = () =>
          WRITE_SCRIPT.run(
            this.redis,
            ledgers,
            batch.flatMap((w) => [index.get(w.ledger)!, w.key, w.code, w.at, w.rest, w.domain]),
          );
        let again: Write[] = [];
        try {
          if (!this.replicaAck) await write();
          else if (!(await writeReplicated(this.redis, this.replicaAck, write)).replicated)
            again = batch.filter((w) => w.code === 's');
          for (const w of batch) if (!again.includes(w)) w.resolve();
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
        const now = Date.now();
        for (const w of again.filter((w) => now > w.until))
          w.reject(new Error(`the send ledger's "sent" mark for ${w.key} was not acknowledged by a replica`));
        again = again.filter((w) => now <= w.until);
        if (again.length) {
          // Not straight back: the client may be on its way to the new master.
          await new Promise((r) => setTimeout(r, 100));
          this.#waiting.unshift(...again);
        }
      }
    } finally {
      this.#writing = false;
    }
  }
}
