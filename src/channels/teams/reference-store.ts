/**
 * Where the bot remembers how to reach a person one-to-one: the Teams ids, tenant, service URL and
 * (for personal chats only) the conversation id. Stored in Redis under opaque ids — the AAD object
 * id, the `29:` id and a SHA-256 of the email/UPN — never a name: the references Teams sends carry
 * display names, which are dropped here. A group or meeting chat is never stored as anyone's
 * conversation, so a proactive card can only ever land in a one-to-one chat.
 *
 * The value (ids, tenant, service URL, conversation id) is encrypted with the store's DataCipher
 * when one is given. A record written before that is plain JSON: it is still read, and re-written
 * encrypted when it is read (only if nothing changed it meanwhile).
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DataCipher } from '../../infra/data-cipher.ts';

export interface TeamsUser {
  /** The `29:` id (Bot Framework user id). */
  userId: string;
  aadObjectId?: string;
  tenantId?: string;
  serviceUrl: string;
  botId: string;
  /** The personal (one-to-one) conversation, once known. */
  conversationId?: string;
  emailHash?: string;
  /**
   * Set when the member look-up found the account is no guest, so the email is its own. A hash
   * without it was stored before guests were told apart (9d2b534) and may be a guest's: it matches
   * nobody until the account is looked up again on its next turn.
   */
  emailVerified?: true;
  savedAt: string;
}

export interface UserAddress {
  teamsUserId?: string;
  email?: string;
}

export const hashEmail = (email: string): string =>
  createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

/** SET the key to ARGV[2] only while it still holds ARGV[1] (the legacy plain value just read). */
const REPLACE_IF_UNCHANGED = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 end return 0`;

export class ConversationReferenceStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly cipher?: DataCipher,
  ) {}

  private seal(user: Omit<TeamsUser, 'conversationId'> & { conversationId?: string }): string {
    const json = JSON.stringify(user);
    return this.cipher ? this.cipher.encrypt(json) : json;
  }

  private async writeAll(keys: string[], value: string): Promise<void> {
    const multi = this.redis.multi();
    for (const k of keys) multi.set(k, value);
    await multi.exec();
  }

  private key(kind: 'id' | 'aad' | 'email', value: string): string {
    return `${this.prefix}:teams:user:${kind}:${kind === 'aad' ? value.toLowerCase() : value}`;
  }

  private keysOf(u: TeamsUser): string[] {
    return [
      this.key('id', u.userId),
      ...(u.aadObjectId ? [this.key('aad', u.aadObjectId)] : []),
      ...(u.emailHash ? [this.key('email', u.emailHash)] : []),
    ];
  }

  /** Merges what is known about a user (a later group-chat sighting never drops a personal conversation). */
  async save(update: Omit<TeamsUser, 'savedAt'> & { savedAt?: string }): Promise<TeamsUser> {
    const existing = await this.find({ teamsUserId: update.userId });
    const merged: TeamsUser = {
      ...existing,
      ...Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined)),
      savedAt: update.savedAt ?? new Date().toISOString(),
    } as TeamsUser;
    await this.writeAll(this.keysOf(merged), this.seal(merged));
    return merged;
  }

  /** The one key a person is found by: their Teams id, or failing that their email's hash. */
  private lookup(address: UserAddress): { key: string; byEmail: boolean } | undefined {
    const id = address.teamsUserId?.trim();
    if (id) return { key: this.key(/^[0-9a-f-]{36}$/i.test(id) ? 'aad' : 'id', id), byEmail: false };
    // Someone with a Teams id on file is only ever that account, never whoever shares their email.
    return address.email ? { key: this.key('email', hashEmail(address.email)), byEmail: true } : undefined;
  }

  /** Found by email: only an account whose email was checked as its own (never a guest's). */
  private accept(by: { byEmail: boolean }, user: TeamsUser | undefined): TeamsUser | undefined {
    return user && by.byEmail && !user.emailVerified ? undefined : user;
  }

  async find(address: UserAddress): Promise<TeamsUser | undefined> {
    const by = this.lookup(address);
    return by ? this.accept(by, await this.read(by.key)) : undefined;
  }

  /** find() for each address, in one round trip (MGET): a batch's recipients. */
  async findMany(addresses: readonly UserAddress[]): Promise<(TeamsUser | undefined)[]> {
    const by = addresses.map((a) => this.lookup(a));
    const keys = by.flatMap((b) => (b ? [b.key] : []));
    const raws = keys.length ? await this.redis.mget(...keys) : [];
    let i = 0;
    return Promise.all(
      by.map(async (b) => (b ? this.accept(b, await this.open(b.key, raws[i++] ?? null)) : undefined)),
    );
  }

  private async read(k: string): Promise<TeamsUser | undefined> {
    return this.open(k, await this.redis.get(k));
  }

  private async open(k: string, raw: string | null): Promise<TeamsUser | undefined> {
    if (!raw) return undefined;
    if (DataCipher.isEnvelope(raw)) {
      // Without a cipher an encrypted record cannot be read: say so rather than parse ciphertext.
      if (!this.cipher)
        throw new Error('Teams conversation references are encrypted: DATA_ENCRYPTION_KEY is needed to read them');
      return JSON.parse(this.cipher.decrypt(raw)) as TeamsUser;
    }
    this.cipher?.refusePlainValue(); // after the re-seal, a plain record was not written by this service
    const user = JSON.parse(raw) as TeamsUser;
    if (this.cipher) await this.encryptLegacy(user, raw);
    return user;
  }

  /**
   * The account's email hash proved nothing (a guest, or no email any more): drop it from the record,
   * and the email key too while it still leads to this account.
   */
  async forgetEmail(userId: string): Promise<void> {
    const u = await this.find({ teamsUserId: userId });
    if (!u?.emailHash) return;
    const { emailHash, emailVerified: _v, ...rest } = u;
    const emailKey = this.key('email', emailHash);
    const there = await this.read(emailKey);
    const multi = this.redis.multi();
    for (const k of this.keysOf(rest as TeamsUser)) multi.set(k, this.seal(rest));
    if (there?.userId === userId) multi.del(emailKey);
    await multi.exec();
  }

  /** The user uninstalled the app or blocked the bot: forget the one-to-one conversation. */
  async forgetConversation(userId: string): Promise<void> {
    const u = await this.find({ teamsUserId: userId });
    if (!u) return;
    const { conversationId: _dropped, ...rest } = u;
    await this.writeAll(this.keysOf(u), this.seal(rest));
  }

  /** A legacy plain record just read: store it encrypted under each of its keys that still holds it. */
  private async encryptLegacy(user: TeamsUser, raw: string): Promise<void> {
    const sealed = this.seal(user);
    for (const k of this.keysOf(user)) await this.redis.eval(REPLACE_IF_UNCHANGED, 1, k, raw, sealed);
  }
}
