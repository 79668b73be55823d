/**
 * Where the bot remembers how to reach a person one-to-one: the Teams ids, tenant, service URL and
 * (for personal chats only) the conversation id. Stored in Redis under opaque ids — the AAD object
 * id, the `29:` id and a SHA-256 of the email/UPN — never a name: the references Teams sends carry
 * display names, which are dropped here. A group or meeting chat is never stored as anyone's
 * conversation, so a proactive card can only ever land in a one-to-one chat.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

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
  savedAt: string;
}

export interface UserAddress {
  teamsUserId?: string;
  email?: string;
}

export const hashEmail = (email: string): string => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

export class ConversationReferenceStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(kind: 'id' | 'aad' | 'email', value: string): string {
    return `${this.prefix}:teams:user:${kind}:${kind === 'aad' ? value.toLowerCase() : value}`;
  }

  private keysOf(u: TeamsUser): string[] {
    return [this.key('id', u.userId), ...(u.aadObjectId ? [this.key('aad', u.aadObjectId)] : []), ...(u.emailHash ? [this.key('email', u.emailHash)] : [])];
  }

  /** Merges what is known about a user (a later group-chat sighting never drops a personal conversation). */
  async save(update: Omit<TeamsUser, 'savedAt'> & { savedAt?: string }): Promise<TeamsUser> {
    const existing = await this.find({ teamsUserId: update.userId });
    const merged: TeamsUser = {
      ...existing,
      ...Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined)),
      savedAt: update.savedAt ?? new Date().toISOString(),
    } as TeamsUser;
    const json = JSON.stringify(merged);
    const multi = this.redis.multi();
    for (const k of this.keysOf(merged)) multi.set(k, json);
    await multi.exec();
    return merged;
  }

  async find(address: UserAddress): Promise<TeamsUser | undefined> {
    const candidates: string[] = [];
    const id = address.teamsUserId?.trim();
    if (id) candidates.push(this.key(/^[0-9a-f-]{36}$/i.test(id) ? 'aad' : 'id', id));
    if (address.email) candidates.push(this.key('email', hashEmail(address.email)));
    for (const k of candidates) {
      const raw = await this.redis.get(k);
      if (raw) return JSON.parse(raw) as TeamsUser;
    }
    return undefined;
  }

  /** The user uninstalled the app or blocked the bot: forget the one-to-one conversation. */
  async forgetConversation(userId: string): Promise<void> {
    const u = await this.find({ teamsUserId: userId });
    if (!u) return;
    const { conversationId: _dropped, ...rest } = u;
    const json = JSON.stringify(rest);
    const multi = this.redis.multi();
    for (const k of this.keysOf(u)) multi.set(k, json);
    await multi.exec();
  }
}
