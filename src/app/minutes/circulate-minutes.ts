/**
 * Circulating the approved minutes (or, where the policy has one, the record bundle): one job per
 * attendee, each send claimed in the ledger (`circulate-minutes-a3-v1`, `circulate-record-bundle-…`)
 * so it happens once however often the job runs. Each copy holds only the sections, and for a
 * bundle only the reports, its reader may have (domain/minutes.ts, report-access.ts).
 */
import type { SendKind } from '../../ports.ts';
import { sharedLetterPdf } from '../circulation/render-once.ts';
import { longDate } from '../../content/format.ts';
import { letterLanguage } from '../../content/templates/letter-text.ts';
import { forFamilyReader } from '../../content/templates/translated-letter.ts';
import { minutesLetter, minutesViaSocialWorker, type MinutesReportLine } from '../../content/templates/minutes.ts';
import { roleLabel } from '../../content/words.ts';
import type { Attendee } from '../../domain/conference-parts.ts';
import type { Conference } from '../../domain/conference.ts';
import {
  minutesDocument,
  minutesDueAt,
  minutesRecipients,
  sectionsFor,
  type MinutesRecipient,
} from '../../domain/minutes.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { familyNumberOf } from '../../domain/report-sharing.ts';
import type { EmailAttachment } from '../../ports.ts';
import type { AppDeps } from '../deps.ts';
import { deliverEmail, ledgerKey, recordManualDelivery } from '../shared/deliver.ts';
import { endOfNextWorkingDay, queueHardCopy } from '../post-and-texts/hard-copies.ts';
import { readableReports } from '../reports/report-access.ts';
import { senderOf } from '../shared/sender.ts';
import { londonDate, toLondonIso } from '../shared/time.ts';
import { minutesText } from './record-minutes.ts';
import { isApproved } from '../../domain/state-machine.ts';
import { decisionLetterHeld } from '../circulation/held-letter-steps.ts';
import { waitingToPrint } from '../../domain/letters.ts';
import { circulatedAction, exceptPostWords } from '../circulation/circulated-audit.ts';

const refHeader = (c: Conference) => ({ 'X-Conference-Reference': c.reference });

/** The ledger step of the policy's document. */
export const minutesStep = (policy: Pick<Policy, 'recordBundle'>): SendKind => `circulate-${minutesDocument(policy)}`;

/** The reports a bundle copy carries: what its reader may open (professionals the reports, the family what was shared with them). */
async function bundleReports(
  deps: AppDeps,
  c: Conference,
  reader: Attendee,
): Promise<{ lines: MinutesReportLine[]; attachments: EmailAttachment[] }> {
  const view = await readableReports(deps, c, reader);
  if (view.kind === 'none') return { lines: [], attachments: [] };
  const lines: MinutesReportLine[] = [];
  const attachments: EmailAttachment[] = [];
  for (const r of view.reports) {
    if (r.noFamilyVersion) {
      lines.push({ who: roleLabel(r.author.role, r.author.agency), files: [], askSocialWorker: true });
      continue;
    }
    const files: string[] = [];
    for (const f of r.files) {
      const blob = await deps.store.getBlob(c.id, f.blobId);
      if (!blob) continue;
      files.push(f.name);
      attachments.push({
        filename: f.name,
        content: blob.data,
        contentType: blob.meta['contentType'] ?? 'application/octet-stream',
      });
    }
    if (r.text?.trim()) {
      const name = `${c.reference}-report-${r.author.id}${view.kind === 'family' ? '-family' : ''}-v${r.version}.txt`;
      files.push(name);
      attachments.push({ filename: name, content: r.text, contentType: 'text/plain; charset=utf-8' });
    }
    lines.push({ who: roleLabel(r.author.role, r.author.agency), files, ...(r.text ? { text: r.text } : {}) });
  }
  return { lines, attachments };
}

async function render(
  deps: AppDeps,
  c: Conference,
  policy: Policy,
  a: Attendee,
  r: MinutesRecipient,
  printed: boolean,
) {
  const m = c.minutes!;
  const bundle = minutesDocument(policy) === 'record-bundle';
  const allowed = new Map(sectionsFor(c, policy, m, r).map((s) => [s.id, s]));
  const texts = await minutesText(deps, c);
  const sections = texts.flatMap((s) =>
    allowed.has(s.id) ? [{ heading: allowed.get(s.id)!.heading, text: s.text, confidential: s.confidential }] : [],
  );
  const reports = bundle ? await bundleReports(deps, c, a) : { lines: [], attachments: [] };
  const parent = r.copyOf ? c.attendees.find((x) => x.id === r.copyOf) : undefined;
  const english = minutesLetter({
    reference: c.reference,
    policy,
    heldOn: c.heldOn ?? londonDate(new Date(Date.parse(c.decision!.decidedAt))),
    approvedAt: m.approvedAt!,
    copy: r.copy === 'none' ? 'full' : r.copy,
    bundle,
    sections,
    leftOut: sections.length < m.sections.length,
    ...(r.copy === 'solicitor' && parent ? { forParent: familyNumberOf(c, parent) } : {}),
    reports: reports.lines,
    printed,
    ...(m.corrects ? { corrects: { sentAt: m.corrects.sentAt, reason: m.corrects.reason } } : {}),
  });
  // A parent's or carer's own copy: the covering letter in their language first where the policy has a reviewed one.
  const letter =
    r.copy === 'family'
      ? forFamilyReader(english, {
          policy,
          reference: c.reference,
          letter: 'minutes',
          reader: a,
          at: c.startsAt,
          updated: Boolean(m.corrects),
        })
      : english;
  // Dated by the approval: a retried job renders the same bytes. Rendered once per distinct copy for the fan-out (render-once.ts).
  const pdf = await sharedLetterPdf(deps, c.id, 'minutes-pdf', {
    title: letter.title,
    blocks: letter.blocks,
    reference: c.reference,
    ...letterLanguage(letter),
    sender: policy.sender.name,
    dateLine: longDate(m.approvedAt!),
    createdAt: new Date(Date.parse(m.approvedAt!)),
    largePrint: a.accessibilityNeeds.includes('large-print'),
    ...(printed && a.postalAddress?.length ? { addressee: { name: a.name, lines: a.postalAddress } } : {}),
  });
  const attachments: EmailAttachment[] = [
    { filename: `${c.reference}-${bundle ? 'record' : 'minutes'}.pdf`, content: pdf, contentType: 'application/pdf' },
    ...reports.attachments,
  ];
  return { letter, pdf, attachments, bundle };
}

async function send(deps: AppDeps, c: Conference, policy: Policy, a: Attendee, r: MinutesRecipient): Promise<void> {
  const step = minutesStep(policy);
  if ((await deps.ledger.get(c.id, ledgerKey(step, r.key, c.version)))?.state === 'sent') return;
  const { letter, pdf, attachments, bundle } = await render(deps, c, policy, a, r, r.channel === 'post');
  const base = { from: senderOf(policy), headers: refHeader(c) };
  if (r.channel === 'email' && a.email) {
    await deliverEmail(deps, c, {
      step,
      recipient: r.key,
      message: { ...base, subject: letter.subject, text: letter.text, html: letter.html, to: a.email, attachments },
    });
  } else if (r.channel === 'post') {
    const due = minutesDueAt(c, policy) ?? endOfNextWorkingDay(deps, c, deps.clock.now());
    const copy = await queueHardCopy(deps, c, a, bundle ? 'record-bundle' : 'minutes', pdf, {
      recipient: r.key,
      step,
      dueAt: due,
    });
    if (
      (await recordManualDelivery(deps, c, { step, recipient: r.key, channel: 'post', note: copy.blobId })) === 'sent'
    )
      await deps.store.audit(c.id, {
        at: toLondonIso(deps.clock.now()),
        actor: 'system',
        action: 'hard-copy.queued',
        detail: { attendeeId: a.id, blobId: copy.blobId, dueAt: copy.dueAt },
      });
  } else if (r.channel === 'via-social-worker') {
    const sw = c.attendees.find((x) => x.role === 'social-worker' && x.email);
    if (!sw?.email) {
      // Retrying cannot conjure a social worker: record why, and the watchdog reports it.
      if (await deps.ledger.claim(c.id, ledgerKey(step, r.key, c.version), deps.settings.sendLeaseMs))
        await deps.ledger.markFailed(
          c.id,
          ledgerKey(step, r.key, c.version),
          'no social worker with an email address to pass the copy on',
        );
      return;
    }
    const task = minutesViaSocialWorker({
      reference: c.reference,
      policy,
      parentRole: a.role,
      attendeeId: a.id,
      bundle,
      ...(c.minutes?.corrects
        ? { corrects: { sentAt: c.minutes.corrects.sentAt, reason: c.minutes.corrects.reason } }
        : {}),
    });
    await deliverEmail(deps, c, { step, recipient: r.key, message: { ...base, ...task, to: sw.email, attachments } });
  }
}

/**
 * One attendee's copy of the approved minutes (or record bundle), once. `minutesVersion` is a
 * correction's version (its jobs carry it); a job for another version, such as the first version's
 * job run again after a correction, sends nothing.
 */
export async function circulateMinutes(
  deps: AppDeps,
  c: Conference,
  attendeeId: string,
  minutesVersion?: number,
): Promise<void> {
  if (!isApproved(c.state) || !c.minutes?.approvedAt) {
    deps.logger.info('minutes job before approval or after close: skipped', {
      conferenceId: c.id,
      reference: c.reference,
      state: c.state,
    });
    return;
  }
  if ((c.minutes.corrects ? c.minutes.version : undefined) !== minutesVersion) {
    deps.logger.info('minutes job for another version: skipped', {
      conferenceId: c.id,
      reference: c.reference,
      version: c.minutes.version,
    });
    return;
  }
  const policy = deps.policies.get(c.policyId);
  const a = c.attendees.find((x) => x.id === attendeeId);
  const r = minutesRecipients(c, policy).find((x) => x.attendeeId === attendeeId);
  if (!a || !r || r.channel === 'none') return;
  // A family member (or their companion or solicitor) whose decision letter is still held gets the minutes after it (held-follow-ups.ts).
  if ((r.copy === 'family' || r.copy === 'solicitor') && (await decisionLetterHeld(deps, c, policy, a))) return;
  await send(deps, c, policy, a, r);
  await finishMinutesIfComplete(deps, c.id);
}

/** Once every recipient has their copy: record it once (`minutes.circulated`). */
export async function finishMinutesIfComplete(deps: AppDeps, id: string): Promise<boolean> {
  const c = await deps.store.get(id);
  if (!c?.minutes?.approvedAt || c.minutes.circulatedAt) return false;
  const policy = deps.policies.get(c.policyId);
  const step = minutesStep(policy);
  const recipients = minutesRecipients(c, policy).filter((r) => r.channel !== 'none');
  const ledger = await deps.ledger.list(id);
  if (!recipients.every((r) => ledger[ledgerKey(step, r.key, c.version)]?.state === 'sent')) return false;
  const at = toLondonIso(deps.clock.now());
  let first = false;
  await deps.store.update(id, (cur) => {
    first = Boolean(cur.minutes && !cur.minutes.circulatedAt);
    return first ? { ...cur, minutes: { ...cur.minutes!, circulatedAt: at } } : cur;
  });
  if (first) {
    // Everyone has their copy: what was rendered once for them is no longer needed.
    await deps.renders.forget(id);
    const toPrint = recipients.filter((r) =>
      waitingToPrint(c, ledgerKey(step, r.key, c.version), ledger[ledgerKey(step, r.key, c.version)]),
    ).length;
    await deps.store.audit(id, {
      at,
      actor: 'system',
      action: circulatedAction(minutesDocument(policy), toPrint),
      detail: {
        recipients: recipients.length,
        copies: recipients.map((r) => ({ recipient: r.key, copy: r.copy, channel: r.channel })),
        waitingToPrint: toPrint,
        ...(toPrint ? { summary: exceptPostWords(toPrint) } : {}),
      },
    });
    deps.logger.info('minutes circulated', { conferenceId: id, reference: c.reference, recipients: recipients.length });
  }
  return first;
}
