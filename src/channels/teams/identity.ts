/**
 * Who is talking to the bot. A Teams user is matched to a conference attendee by `teamsUserId`
 * (AAD object id or `29:` id), falling back to the email/UPN Teams returns for the member (kept
 * only as a hash) — but only for an attendee with no Teams id on file, and never for a guest
 * account, whose email is whatever the inviter typed. Conversation details are remembered so the
 * bot can write to them one-to-one.
 */
import { TeamsInfo, type Activity, type TeamsChannelAccount, type TurnContext } from 'botbuilder';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import type { Logger } from '../../infra/logger.ts';
import { hashEmail, type ConversationReferenceStore, type TeamsUser } from './reference-store.ts';

export function tenantOf(a: Partial<Activity>): string | undefined {
  return a.conversation?.tenantId ?? (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
}

/**
 * Whether the activity comes from the tenant whose people act through the bot (any, when none is
 * configured). The Bot Framework vouches that an activity came through Teams, not from which
 * organisation: another tenant's administrator can give their user any email address, which the
 * member look-up below would then match to an attendee.
 */
export function fromHomeTenant(a: Partial<Activity>, homeTenant: string | undefined): boolean {
  return !homeTenant || tenantOf(a)?.toLowerCase() === homeTenant.toLowerCase();
}

export const isPersonal = (a: Partial<Activity>): boolean =>
  a.conversation?.conversationType === 'personal' || (!a.conversation?.conversationType && !a.conversation?.isGroup);

/** What an activity says about its sender (never their display name). */
export function userFromActivity(a: Partial<Activity>): Omit<TeamsUser, 'savedAt'> | undefined {
  if (!a.from?.id || !a.serviceUrl || !a.recipient?.id) return undefined;
  const tenantId = tenantOf(a);
  return {
    userId: a.from.id,
    ...(a.from.aadObjectId ? { aadObjectId: a.from.aadObjectId } : {}),
    ...(tenantId ? { tenantId } : {}),
    serviceUrl: a.serviceUrl,
    botId: a.recipient.id,
    // Only a personal chat is anyone's conversation: a group or meeting chat never receives a proactive card.
    ...(isPersonal(a) && a.conversation?.id ? { conversationId: a.conversation.id } : {}),
  };
}

/**
 * A guest (or anonymous) account in the tenant: its email is set by whoever invited it, so it proves
 * nothing. Teams says so by the role, by a `#EXT#` UPN, or by a home tenant other than the chat's.
 */
export function isGuest(member: Partial<TeamsChannelAccount>, activityTenant: string | undefined): boolean {
  const role = member.userRole?.toLowerCase();
  if (role && role !== 'user') return true;
  if (member.userPrincipalName?.toUpperCase().includes('#EXT#')) return true;
  return Boolean(member.tenantId && activityTenant && member.tenantId.toLowerCase() !== activityTenant.toLowerCase());
}

/**
 * Remembers the sender; asks Teams once for their email/UPN so attendees listed by email (with no
 * Teams id on file) can be matched. A guest's email is not kept: they are matched by Teams id only.
 */
export async function rememberSender(
  ctx: TurnContext,
  refs: ConversationReferenceStore,
  logger: Logger,
  now: Date,
): Promise<TeamsUser | undefined> {
  const u = userFromActivity(ctx.activity);
  if (!u) return undefined;
  const known = await refs.find({ teamsUserId: u.userId });
  // A hash stored before guests were told apart (no `emailVerified`) may be a guest's: check it again.
  if (known?.emailHash && known.emailVerified)
    return refs.save({ ...u, emailHash: known.emailHash, emailVerified: true, savedAt: now.toISOString() });
  let emailHash: string | undefined;
  let looked = false;
  try {
    const member = await TeamsInfo.getMember(ctx, u.userId);
    looked = true;
    const email = member.email ?? member.userPrincipalName;
    if (email && !isGuest(member, u.tenantId)) emailHash = hashEmail(email);
    else if (email) logger.info('teams guest account: matched by Teams id only');
  } catch (err) {
    logger.debug('teams member lookup failed', { status: (err as { statusCode?: number }).statusCode });
  }
  if (emailHash) return refs.save({ ...u, emailHash, emailVerified: true, savedAt: now.toISOString() });
  // An older hash that the look-up did not confirm is forgotten (kept, unused, if Teams did not answer).
  if (known?.emailHash && looked) await refs.forgetEmail(u.userId);
  const saved = await refs.save({ ...u, savedAt: now.toISOString() });
  const { emailHash: _unproven, ...user } = saved;
  return user;
}

/**
 * The attendee this Teams user is, in this conference: by Teams id, else by email among attendees
 * with no Teams id on file (one who has one is only ever that account).
 */
export function matchAttendee(c: Conference, a: Partial<Activity>, user?: TeamsUser): Attendee | undefined {
  const ids = new Set(
    [a.from?.id, a.from?.aadObjectId].filter((x): x is string => Boolean(x)).map((x) => x.toLowerCase()),
  );
  const byId = c.attendees.find((x) => x.teamsUserId && ids.has(x.teamsUserId.toLowerCase()));
  if (byId) return byId;
  if (!user?.emailHash || !user.emailVerified) return undefined;
  return c.attendees.find((x) => !x.teamsUserId && x.email && hashEmail(x.email) === user.emailHash);
}
