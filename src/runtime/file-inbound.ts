/**
 * What happens to one inbound message (SMTP, Gmail and Graph alike). A report or a calendar answer
 * counts only when its sender is proven: the attendee's current reply address (version, expiry),
 * or mail whose From address passes DMARC-aligned authentication. Mail that only claims to be from
 * an attendee waits in the coordinator's queue; anything else is summarised to the coordinator
 * (never forwarded: no attachments, no body). Programs, scripts and web pages are never kept.
 */
import { screenAttachments } from '../domain/attachment-safety.ts';
import type { ParsedInbound } from '../channels/email/inbound-server.ts';
import { parseItipReply } from '../channels/email/itip.ts';
import type { SenderAuth, SenderAuthenticator } from '../channels/email/sender-auth.ts';
import type { AppDeps } from '../app/deps.ts';
import { QueueFullError, queueUnprovenReport, tellCoordinatorOfQueued } from '../app/reports/inbound-queue.ts';
import { LinkError } from '../app/credentials/links.ts';
import { recordCalendarReply } from '../app/invitations/record-rsvp.ts';
import {
  clearlyAReport,
  NOT_CLEARLY_A_REPORT,
  recordEmailedReport,
  tellAuthorNotFiled,
  tellAuthorPassedOn,
  tellAuthorSharingRecorded,
} from '../app/reports/emailed-report.ts';
import { findReplyToken, openReplyToken } from '../app/credentials/reply-token.ts';
import type { Attendee } from '../domain/conference-parts.ts';
import type { Conference } from '../domain/conference.ts';
import { DomainError } from '../domain/errors.ts';
import { ID_PATTERN } from '../domain/ids.ts';
import { isBeforeMeeting } from '../domain/state-machine.ts';
import { londonDate, toLondonIso } from '../app/shared/time.ts';
import { mayNotify, oneLine, summariseToCoordinator, type InboundLimiters } from './inbound-summary.ts';

/** What became of a message: filed, queued for the coordinator, summarised, ignored (a calendar reply not applied) or refused. */
export type FileOutcome =
  { kind: 'filed' | 'summarised' | 'ignored' } | { kind: 'queued'; item: string } | { kind: 'refused'; reason: string };

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/**
 * One pre-meeting conference expecting a report from this address (outstanding first). Where the
 * address is on several (a police officer at more than one conference), the reference quoted in the
 * subject, as the report request asks, says which; a subject quoting another conference's matches none.
 */
async function attendeeBySender(
  deps: AppDeps,
  from: string,
  subject: string | undefined,
): Promise<{ conference: Conference; attendee: Attendee } | undefined> {
  const address = from.toLowerCase();
  const matches: { conference: Conference; attendee: Attendee }[] = [];
  for (const c of await deps.store.findByOpenReportSender(address)) {
    if (!isBeforeMeeting(c.state)) continue;
    const a = c.attendees.find(
      (x) => x.email?.toLowerCase() === address && c.reports[x.id] && c.reports[x.id]!.status !== 'received',
    );
    if (a) matches.push({ conference: c, attendee: a });
  }
  // A subject that quotes a reference is about that conference: never another one's report, even
  // when that is the only one still expecting a report from the address (the quoted one has its own).
  const quoted = new Set(
    [...(subject ?? '').toUpperCase().matchAll(new RegExp(`(?<![A-Z0-9])${ID_PATTERN.reference}(?![0-9])`, 'g'))].map(
      (m) => m[0],
    ),
  );
  const named = quoted.size ? matches.filter((m) => quoted.has(m.conference.reference.toUpperCase())) : matches;
  return named.length === 1 ? named[0] : undefined;
}

/** The domains a reply address may be used from: the attendee's, and their manager's (escalations carry it). */
function ownDomains(a: Attendee): Set<string> {
  return new Set([a.email, a.managerEmail].filter((x): x is string => Boolean(x)).map(domainOf));
}

/**
 * An out-of-office reply or a bounce (RFC 3834): nothing is filed, the author's reminders go on,
 * nobody is answered (answering an automatic reply invites a loop) and nobody is summarised to. It
 * is audited on the conference its reply address belongs to, when that address is still good.
 */
async function ignoreAutomatic(
  deps: AppDeps,
  reason: string,
  claims: Parameters<typeof openReplyToken>[1] | undefined,
): Promise<FileOutcome> {
  let holder: { conference: Conference; attendee: Attendee } | undefined;
  if (claims)
    holder = await openReplyToken(deps, claims).catch((err: unknown) => {
      if (err instanceof LinkError) return undefined;
      throw err;
    });
  if (holder)
    await deps.store.audit(holder.conference.id, {
      at: toLondonIso(deps.clock.now()),
      actor: 'system',
      action: 'inbound.ignored-automatic',
      detail: { attendeeId: holder.attendee.id, reason: oneLine(reason, 120) },
    });
  deps.logger.info('inbound automatic reply ignored', {
    reason: oneLine(reason, 120),
    ...(holder ? { conferenceId: holder.conference.id, attendeeId: holder.attendee.id } : {}),
  });
  return { kind: 'ignored' };
}

export function fileInbound(deps: AppDeps, options: { authenticate: SenderAuthenticator; limiters: InboundLimiters }) {
  return async (msg: ParsedInbound): Promise<FileOutcome> => {
    let auth: SenderAuth;
    try {
      auth = await options.authenticate(msg.raw, msg.from, msg.connection);
    } catch (err) {
      deps.logger.warn('sender authentication failed: treated as unauthenticated', { err });
      auth = { verdict: 'none', detail: 'authentication could not be checked' };
    }
    const token = findReplyToken(deps.settings.linkSecret, msg.to);
    if (msg.automatic && !(msg.calendar && /^REPLY$/i.test(msg.calendar.method)))
      return ignoreAutomatic(deps, msg.automatic, token.claims);
    let holder: { conference: Conference; attendee: Attendee } | undefined;
    if (token.claims) {
      try {
        holder = await openReplyToken(deps, token.claims);
      } catch (err) {
        if (!(err instanceof LinkError)) throw err;
        deps.logger.warn('inbound reply address refused', {
          reason: err.reason,
          conferenceId: token.claims.conferenceId,
          attendeeId: token.claims.attendeeId,
        });
        return {
          kind: 'refused',
          reason: `This reply address is no longer in use (${err.reason}): please reply to the newest email from the conference team, or use the link in it`,
        };
      }
    }

    if (msg.calendar && /^REPLY$/i.test(msg.calendar.method)) {
      try {
        await recordCalendarReply(deps, parseItipReply(msg.calendar.ics), {
          ...(holder ? { replyTokenFor: { conferenceId: holder.conference.id, attendeeId: holder.attendee.id } } : {}),
          ...(auth.verdict === 'pass' && msg.from ? { authenticatedFrom: msg.from } : {}),
        });
        return { kind: 'filed' };
      } catch (err) {
        // Not proven, stale or not ours: nothing changes and nobody is written to.
        deps.logger.warn('calendar reply not applied', {
          reason: err instanceof Error ? err.message : String(err),
          auth: auth.detail,
        });
        return { kind: 'ignored' };
      }
    }

    const { kept, withheld } = screenAttachments(msg.attachments);
    if (withheld.length)
      deps.logger.warn('inbound attachments withheld (programs, scripts or web pages)', { count: withheld.length });
    const content = {
      ...(msg.text ? { text: msg.text } : {}),
      attachments: kept,
      ...(msg.messageId ? { sourceId: msg.messageId } : {}),
    };

    let target = holder;
    let proven = false;
    let why = '';
    let passedOn = false;
    if (holder) {
      const fromDomain = msg.from ? domainOf(msg.from) : undefined;
      if (!fromDomain || !ownDomains(holder.attendee).has(fromDomain))
        why = `sent to their reply address from another domain (${fromDomain ?? 'no From address'})`;
      else if (auth.verdict === 'fail')
        why = `sent to their reply address, but the sender failed authentication (${auth.detail})`;
      else proven = true;
    } else if (msg.from) {
      target = await attendeeBySender(deps, msg.from, msg.subject);
      if (target && auth.verdict === 'pass') proven = true;
      else why = `not sent to their reply address, and the sender is not authenticated (${auth.detail})`;
    }

    if (!target) {
      await summariseToCoordinator(
        deps,
        options.limiters,
        msg,
        token.forged ? 'the reply address in it is not one we issued' : 'no conference or attendee matched',
      );
      return { kind: 'summarised' };
    }
    // From its author, but not clearly a report (a short note, no file): the coordinator confirms it.
    if (
      proven &&
      isBeforeMeeting(target.conference.state) &&
      !clearlyAReport(target.conference, target.attendee.id, content, londonDate(deps.clock.now()))
    ) {
      proven = false;
      why = NOT_CLEARLY_A_REPORT;
      passedOn = true;
    }
    if (proven) {
      try {
        const done = await recordEmailedReport(deps, {
          conferenceId: target.conference.id,
          attendeeId: target.attendee.id,
          ...content,
        });
        if (done === 'sharing-recorded')
          await tellAuthorSharingRecorded(
            deps,
            { conferenceId: target.conference.id, attendeeId: target.attendee.id },
            { ...(msg.messageId ? { id: msg.messageId } : {}), raw: msg.raw },
          );
        return { kind: 'filed' };
      } catch (err) {
        // From the attendee, but not a report we can take (empty, bad text, too late): bad input
        // changes nothing; the author is told what to put right, and the conference's coordinator why.
        if (!(err instanceof DomainError)) throw err;
        await tellAuthorNotFiled(deps, { conferenceId: target.conference.id, attendeeId: target.attendee.id }, err, {
          ...(msg.messageId ? { id: msg.messageId } : {}),
          raw: msg.raw,
        });
        await summariseToCoordinator(deps, options.limiters, msg, err.message, target.conference);
        return { kind: 'summarised' };
      }
    }
    let queued: Awaited<ReturnType<typeof queueUnprovenReport>>;
    try {
      queued = await queueUnprovenReport(deps, {
        conferenceId: target.conference.id,
        attendeeId: target.attendee.id,
        from: msg.from ?? 'unknown',
        subject: msg.subject,
        reason: why,
        size: msg.raw.length,
        ...content,
        withheld,
      });
    } catch (err) {
      if (!(err instanceof QueueFullError)) throw err;
      await summariseToCoordinator(deps, options.limiters, msg, `${why}; not kept: ${err.message}`);
      return { kind: 'summarised' };
    }
    const { conference, item, created } = queued;
    if (passedOn)
      await tellAuthorPassedOn(
        deps,
        { conferenceId: conference.id, attendeeId: item.attendeeId },
        {
          ...(msg.messageId ? { id: msg.messageId } : {}),
          raw: msg.raw,
        },
      );
    // A redelivery (the first attempt failed after queueing) tries the notice again; the ledger sends it once.
    if (item.status === 'pending' && (!created || (await mayNotify(deps, options.limiters, msg.from))))
      await tellCoordinatorOfQueued(deps, conference, item);
    deps.logger.warn('inbound report queued for the coordinator', {
      conferenceId: conference.id,
      item: item.id,
      attendeeId: item.attendeeId,
    });
    return { kind: 'queued', item: item.id };
  };
}
