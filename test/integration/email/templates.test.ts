import { describe, expect, it } from 'vitest';
import {
  reportEmail,
  REPORT_EMAIL_KINDS,
  type ReportEmailInput,
} from '../../../src/content/templates/report-request.ts';
import { professionalInvite, professionalInviteInput } from '../../../src/content/templates/professional-invite.ts';
import { familyInvite, findAcronyms, type FamilyInviteInput } from '../../../src/content/templates/family-invite.ts';
import { easyReadInvite } from '../../../src/content/templates/easy-read-invite.ts';
import { cancellationEmail } from '../../../src/content/templates/cancellation.ts';
import { escapeHtml, safeHref } from '../../../src/content/escape.ts';
import { LOCAL_MEETING_LABEL } from '../../../src/channels/meetings/local.ts';
import { allNames, meeting, policy, summerConference } from './fixtures.ts';
import { getPreset } from '../../../src/domain/policy/presets/index.ts';

const conference = summerConference();
const t = conference.timetable;
const base = {
  reference: 'CPC-2027-0042',
  conferenceKind: 'initial' as const,
  policy,
  conferenceAt: t.professionalsJoinAt,
};
const due = '2027-06-09T16:00:00.000Z';

const family = (over: Partial<FamilyInviteInput> = {}): FamilyInviteInput => ({
  reference: 'CPC-2027-0042',
  kind: 'initial',
  policy,
  recipient: { interpreterNeeded: false, accessibilityNeeds: [] },
  parentsJoinAt: t.parentsJoinAt!,
  professionalsJoinAt: t.professionalsJoinAt,
  endsAt: t.endsAt,
  mode: 'virtual',
  meeting,
  whoWillBeThere: ['the social worker'],
  ...over,
});

describe('report emails', () => {
  const inputs: Record<string, ReportEmailInput> = {
    request: { ...base, kind: 'request', dueAt: due, recipient: { role: 'police', agency: 'Police' } },
    reminder: { ...base, kind: 'reminder', dueAt: due, recipient: { role: 'police' } },
    'last-reminder': { ...base, kind: 'last-reminder', dueAt: due, recipient: { role: 'police' } },
    overdue: { ...base, kind: 'overdue', dueAt: due, recipient: { role: 'police' } },
    escalation: {
      ...base,
      kind: 'escalation',
      dueAt: due,
      about: { role: 'professional', agency: 'Health Visiting' },
      professionalName: 'Helen Visitor',
    },
    'chair-flag': {
      ...base,
      kind: 'chair-flag',
      missing: [
        { role: 'police', agency: 'Police', dueAt: due, status: 'overdue' },
        { role: 'professional', agency: 'Health Visiting', dueAt: due, status: 'escalated' },
      ],
    },
    thanks: { ...base, kind: 'thanks', receivedAt: '2027-06-10T08:00:00.000Z', late: true, dueAt: due },
    'not-shared': { ...base, kind: 'not-shared', dueAt: due, notSharedWith: ['parent or carer 2'] },
    'not-filed': {
      ...base,
      kind: 'not-filed',
      receivedAt: '2027-06-08T08:00:00.000Z',
      problems: ['the date you shared it with parent or carer 1 cannot be in the future'],
    },
    'passed-on': { ...base, kind: 'passed-on', receivedAt: '2027-06-08T08:00:00.000Z' },
    'sharing-recorded': {
      ...base,
      kind: 'sharing-recorded',
      sharedWith: ['parent or carer 1 on 8 June 2027'],
      notSharedWith: ['parent or carer 2'],
    },
  };

  it('covers every kind, with the reference and no names in the subject', () => {
    expect(Object.keys(inputs).sort()).toEqual([...REPORT_EMAIL_KINDS].sort());
    for (const input of Object.values(inputs)) {
      const e = reportEmail(input);
      expect(e.subject).toContain('CPC-2027-0042');
      for (const n of allNames(conference)) expect(e.subject).not.toMatch(new RegExp(`\\b${n}\\b`));
      expect(e.text.split('\n')[0]).toContain('CPC-2027-0042');
    }
  });

  it('says what is due, by when in London time, where to send it, the sections, and to share with the family', () => {
    for (const kind of ['request', 'reminder', 'last-reminder', 'overdue', 'escalation'] as const) {
      const { text } = reportEmail(inputs[kind]!);
      expect(text).toContain('17:00'); // 16:00Z in June is 17:00 BST
      expect(text).toContain('Reply to this email');
      expect(text).toContain('cp-reports@council.example');
      for (const s of policy.reports.format.sections) expect(text).toContain(s);
      expect(text).toContain('Share and discuss your report with the family before you send it');
    }
    expect(reportEmail(inputs['request']!).subject).toBe(
      'Report request for child protection conference CPC-2027-0042: due Wed 9 Jun 2027 17:00',
    );
    expect(reportEmail(inputs['last-reminder']!).subject).toBe('Report for CPC-2027-0042 due today at 17:00');
    expect(reportEmail(inputs['overdue']!).subject).toBe('Overdue: report for CPC-2027-0042 (was due Wed 9 Jun 2027)');
  });

  it('sends a reason or a new date to the mailbox, never as a reply (a reply is filed as the report itself)', () => {
    const overdue = reportEmail(inputs['overdue']!).text.replace(/\s+/g, ' ');
    expect(overdue).toContain(
      `If you cannot, write to ${policy.sender.address}, quoting CPC-2027-0042, to tell us when it will arrive (not a reply to this email: a reply is filed as your report).`,
    );
    const escalation = reportEmail(inputs['escalation']!).text.replace(/\s+/g, ' ');
    expect(escalation).toContain(
      `If it cannot be, write to ${policy.sender.address}, quoting CPC-2027-0042, to tell us why (not a reply to this email: a reply is filed as the report).`,
    );
    for (const kind of ['overdue', 'escalation'] as const)
      expect(reportEmail(inputs[kind]!).text).not.toMatch(/reply (and )?to tell us|reply and tell us/);
  });

  it('tells the manager which report from which role and agency is overdue, and since when', () => {
    const e = reportEmail(inputs['escalation']!);
    expect(e.subject).toBe('Overdue report for CPC-2027-0042: Professional (Health Visiting)');
    expect(e.text).toContain('Overdue since: Wednesday 9 June 2027 at 17:00');
    expect(e.text).toContain('Helen Visitor (Professional (Health Visiting))');
  });

  it('lists missing reports for the chair, and acknowledges a late report', () => {
    const flag = reportEmail(inputs['chair-flag']!);
    expect(flag.subject).toBe('CPC-2027-0042: 2 reports not yet received (conference Mon 14 Jun 2027)');
    expect(flag.text).toContain('- Police: due Wednesday 9 June 2027 at 17:00 (overdue)');
    const thanks = reportEmail(inputs['thanks']!);
    expect(thanks.subject).toBe('Report received for CPC-2027-0042 (late)');
    expect(thanks.text).toContain('after the deadline of Wednesday 9 June 2027 at 17:00');
  });

  it('leaves out the share-with-family line where the policy does not ask for it', () => {
    const p2 = { ...policy, reports: { ...policy.reports, sharedWithFamilyFirst: false } };
    expect(reportEmail({ ...inputs['request']!, policy: p2 } as ReportEmailInput).text).not.toContain(
      'Share and discuss',
    );
  });
});

describe('invites', () => {
  it('professional invite: winter date format, in-person venue, local provider note, updated wording', () => {
    const winter = summerConference({
      mode: 'blended',
      venue: 'Service Centre, Room 3 <north wing>',
      meeting: { ...meeting, provider: 'local', label: LOCAL_MEETING_LABEL },
      timetable: {
        ...t,
        parentsJoinAt: '2027-01-04T10:00:00Z',
        professionalsJoinAt: '2027-01-04T10:30:00Z',
        endsAt: '2027-01-04T12:00:00Z',
      },
    });
    const helen = winter.attendees.find((a) => a.id === 'a3')!;
    const e = professionalInvite(professionalInviteInput(winter, helen, policy, { updated: true }));
    expect(e.subject).toBe(
      'Child protection conference CPC-2027-0042: updated invitation, new time (join 10:30, Mon 4 Jan 2027)',
    );
    expect(e.text).toContain('Monday 4 January 2027, join at 10:30');
    expect(e.text).toContain('This replaces the earlier invitation: the time has changed');
    expect(e.text).toContain('Venue: Service Centre, Room 3 <north wing>');
    expect(e.html).toContain('Service Centre, Room 3 &lt;north wing&gt;');
    expect(e.html).not.toContain('<north wing>');
    expect(e.text).toContain(LOCAL_MEETING_LABEL);
  });

  it('professional invite with a report due: points to the report request, never "reply to this email" (the invitation has no reply address of its own)', () => {
    const withReport = summerConference();
    const author = withReport.attendees.find((a) => a.id === 'a3')!;
    const e = professionalInvite({ ...professionalInviteInput(withReport, author, policy), reportDueAt: due });
    expect(e.text).toContain('Your report');
    expect(e.text).not.toContain('Reply to this email');
    expect(e.text).toContain(
      'Reply to the report request we sent you (not to this invitation) with your report attached',
    );
  });

  it('family invite: no acronyms, interpreter, large print, advocate only when a child is old enough', () => {
    const e = familyInvite(
      family({
        recipient: { interpreterNeeded: true, language: 'Polish', accessibilityNeeds: ['large-print', 'bsl'] },
        oldestChildAge: 6,
      }),
    );
    expect(findAcronyms(e.text + e.subject, 'CPC-2027-0042')).toEqual([]);
    // Not promised until the coordinator confirms the booking (tasks.ts).
    expect(e.text).toContain('We are arranging an interpreter who speaks Polish for you.');
    expect(e.text).not.toContain('has been booked');
    expect(e.text).toContain('large print');
    expect(e.text).toContain('British Sign Language');
    expect(e.html).toContain('font-size:20px');
    expect(e.text).not.toContain('advocate:');
    expect(familyInvite(family({ oldestChildAge: 11 })).text).toContain('A child aged 11 or over can have an advocate');
  });

  it('family invite for a review: whether each child still needs a plan, standard and easy read', () => {
    const review = family({ kind: 'review', childCount: 2 });
    expect(familyInvite(review).text.replace(/\s+/g, ' ')).toContain(
      'The meeting will decide whether each of your children still needs a child protection plan.',
    );
    expect(easyReadInvite(review).text.replace(/\s+/g, ' ')).toMatch(
      /The chair decides if .* still need a child protection plan\./,
    );
    expect(familyInvite(family({ childCount: 2 })).text.replace(/\s+/g, ' ')).toContain(
      'whether each of your children needs a child protection plan',
    );
  });

  it('family invite for a baby not born yet: no "your child may come" and no advocate for a child of 11, standard or easy read', () => {
    const preBirth = family({ kind: 'pre-birth' });
    for (const e of [familyInvite(preBirth), easyReadInvite(preBirth)]) {
      expect(e.text).not.toContain('advocate');
      expect(e.text).not.toContain('Your child may be able to come to the meeting');
    }
    // Nor is a baby asked whether they mind who comes with the parent.
    expect(familyInvite(preBirth).text).toContain('they will not usually speak.\n');
    expect(familyInvite(preBirth).text).not.toContain('does not mind the person you bring');
    expect(familyInvite(family({ kind: 'pre-birth', oldestChildAge: 12 })).text).toContain(
      'The chair will check that your child does not mind the person you bring',
    );
    // A pre-birth conference with an older brother or sister (a date of birth) still explains both.
    const withSibling = familyInvite(family({ kind: 'pre-birth', oldestChildAge: 12 })).text;
    expect(withSibling).toContain('A child aged 11 or over can have an advocate');
    expect(familyInvite(family()).text).toContain('Your child may be able to come to the meeting');
  });

  it('family invite without a parents slot, and the updated variant', () => {
    const e = familyInvite(family({ parentsJoinAt: undefined, updated: true }));
    expect(e.subject).toBe('New time for your child protection meeting: Mon 14 Jun 2027 (reference CPC-2027-0042)');
    expect(e.text).toContain('Please join at 10:30, when the meeting starts.');
    expect(e.text).not.toContain('talk with you first');
    expect(e.text).toContain('This replaces the earlier letter: the time has changed.');
  });

  it('cancellation for families is plain and names no one', () => {
    const e = cancellationEmail({
      reference: 'CPC-2027-0042',
      policy,
      audience: 'family',
      startsAt: t.parentsJoinAt!,
      newDateToFollow: true,
    });
    expect(e.subject).toBe('Your meeting on Mon 14 Jun 2027 is cancelled (reference CPC-2027-0042)');
    expect(e.text).toContain('The meeting on Monday 14 June 2027 at 10:00 will not go ahead.');
    expect(findAcronyms(e.text, 'CPC-2027-0042')).toEqual([]);
  });
});

describe('footers', () => {
  const ref = 'CPC-2027-0042';
  const last = (text: string) => text.trimEnd().split('\n').slice(-2).join('\n');
  it('sign every email with the mailbox and the reference: its address where a professional may write to it, plain words for the family', () => {
    const request = reportEmail({ ...base, kind: 'request', dueAt: due, recipient: { role: 'police' } });
    expect(last(request.text)).toBe(`--\nExample Council conferences <cp-invites@council.example> · ${ref}`);
    expect(request.html).toContain(
      'Example Council conferences &lt;cp-invites@council.example&gt; · CPC-2027-0042</p>',
    );
    expect(last(familyInvite(family()).text)).toBe(`--\nExample Council conferences · reference ${ref}`);
    const cancel = { reference: ref, policy, startsAt: t.parentsJoinAt!, newDateToFollow: true };
    expect(last(cancellationEmail({ ...cancel, audience: 'family' }).text)).toBe(
      `--\nExample Council conferences · reference ${ref}`,
    );
    expect(last(cancellationEmail({ ...cancel, audience: 'professional' }).text)).toBe(
      `--\nExample Council conferences · ${ref}`,
    );
  });
});

describe('escaping', () => {
  it('escapes HTML and refuses unsafe link targets', () => {
    expect(escapeHtml(`<script>"x" & 'y'</script>`)).toBe(
      '&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;',
    );
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('https://meet.example/a?b=1&c=2')).toBe('https://meet.example/a?b=1&amp;c=2');
    const e = familyInvite(family({ meeting: { ...meeting, joinUrl: 'javascript:alert(1)' } }));
    expect(e.html).not.toContain('href="javascript');
  });
});

describe('the chair’s own invitation where professionals arrive early (Hampshire)', () => {
  const hampshire = getPreset('hampshire');
  const input = (role: 'chair' | 'police') => ({
    reference: 'CPC-2027-0001',
    kind: 'initial' as const,
    policy: hampshire,
    recipient: { role },
    joinAt: '2027-03-29T08:45:00.000Z',
    professionalsJoinAt: '2027-03-29T08:45:00.000Z',
    endsAt: '2027-03-29T11:00:00.000Z',
    mode: 'in-person' as const,
    venue: 'Room 2',
    personalLinks: [{ label: 'Say whether you will attend', href: 'https://cpc.example/l/x' }],
  });

  it('is not asked to speak to the chair, nor to answer so that the chair knows who is coming', () => {
    const chair = professionalInvite(input('chair')).text;
    expect(chair).toContain(
      'The conference starts at 10:00. Please join at 09:45, 15 minutes early: the professionals join then to read the reports and speak to you.',
    );
    expect(chair).toContain(
      'Please use "Say whether you will attend" above to confirm you will chair, and tell us as soon as possible if you cannot, so that another chair can be arranged.',
    );
    expect(chair).not.toContain('speak to the chair');
    expect(chair).not.toContain('so the chair knows');
    // A professional's invitation is as before.
    const police = professionalInvite(input('police')).text;
    expect(police).toContain('Please join at 09:45, 15 minutes early, to read the reports and speak to the chair.');
    expect(police).toContain('so the chair knows who is coming');
  });
});
