/**
 * Drives conferences through their lifecycle over the real HTTP API while chaos happens around
 * it: every call retries through Redis restarts (5xx, refused connections), and a repeat of a
 * change that already landed (409) counts as done.
 */
import nodemailer from 'nodemailer';
import { replyAddress, replyToken } from '../../src/app/credentials/reply-token.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Driver {
  api(method: string, path: string, body?: unknown): Promise<any>;
}

export function driver(baseUrl: string, apiKey: string, log: (l: string) => void): Driver {
  return {
    async api(method, path, body) {
      for (let attempt = 0; ; attempt++) {
        try {
          const res = await fetch(baseUrl + path, {
            method,
            headers: {
              authorization: `Bearer ${apiKey}`,
              ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
            },
            ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
            signal: AbortSignal.timeout(120_000),
          });
          const json = await res.json().catch(() => ({}));
          if (res.status < 300) return json;
          const clock = path.endsWith('/dev/clock'); // 409 there: the previous attempt is still moving time
          if (res.status === 409 && attempt > 0 && !clock) return json; // landed on an earlier attempt
          if (res.status < 500 && res.status !== 429 && !(res.status === 409 && clock))
            throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
          if (attempt % 5 === 4)
            log(`retrying ${method} ${path} after ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
        } catch (err) {
          if (err instanceof Error && /^(GET|POST) /.test(err.message)) throw err;
          if (attempt % 5 === 4) log(`retrying ${method} ${path} after ${String(err).slice(0, 200)}`);
        }
        if (attempt > 200) throw new Error(`${method} ${path}: gave up after ${attempt} attempts`);
        await sleep(250);
      }
    },
  };
}

export function conferenceBody(i: number) {
  return {
    policy: 'hackney',
    kind: 'initial',
    startsAt: '2027-01-04T10:00',
    durationMinutes: 120,
    strategyDiscussionOn: '2026-12-01',
    mode: 'virtual',
    children: [
      { firstName: 'Chaos', lastName: `Child${i}`, dateOfBirth: '2019-05-02' },
      { firstName: 'Second', lastName: `Child${i}`, dateOfBirth: '2022-09-17' },
    ],
    attendees: [
      { name: 'Chair', email: `chair${i}@example.gov.uk`, role: 'chair', agency: 'Safeguarding and Reviewing' },
      {
        name: 'Social Worker',
        email: `sw${i}@example.gov.uk`,
        role: 'social-worker',
        agency: "Children's social care",
        managerEmail: `swm${i}@example.gov.uk`,
      },
      {
        name: 'Health Visitor',
        email: `hv${i}@nhs.example.org`,
        role: 'professional',
        agency: 'Health visiting',
        managerEmail: `hvm${i}@nhs.example.org`,
      },
      {
        name: 'Police Officer',
        email: `police${i}@police.example.uk`,
        role: 'police',
        agency: 'Police',
        managerEmail: `pm${i}@police.example.uk`,
      },
      { name: 'Minute Taker', email: `minutes${i}@example.gov.uk`, role: 'minute-taker', agency: 'Business support' },
      { name: 'Parent One', email: `parent${i}@family.example.com`, role: 'parent', contactPreference: 'email' },
      {
        name: 'Parent Two',
        role: 'parent',
        contactPreference: 'post',
        postalAddress: ['Parent Two', '2 Example Road', 'Exampleton', 'EX2 2PL'],
      },
    ],
  };
}

export interface Created {
  id: string;
  reference: string;
  attendees: { id: string; role: string; email?: string }[];
}

/** The police report arrives by email (to its reply token), as a mail system would deliver it. */
export async function sendReport(inboundPort: number, linkSecret: string, mailbox: string, c: Created): Promise<void> {
  const police = c.attendees.find((a) => a.role === 'police')!;
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: inboundPort,
    secure: false,
    ignoreTLS: true,
  });
  // One message, redelivered with the same Message-ID, as a mail server does after a 451.
  const messageId = `<report-${c.id}@police.example.uk>`;
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await transport.sendMail({
          messageId,
          from: police.email!,
          to: replyAddress(
            mailbox,
            replyToken(linkSecret, {
              conferenceId: c.id,
              attendeeId: police.id,
              version: 1,
              exp: Date.parse('2099-01-01') / 1000,
            }),
          ),
          subject: `Re: report for ${c.reference}`,
          text: 'Police report: callouts to the address.',
          attachments: [{ filename: 'report.txt', content: `Report for ${c.reference}` }],
        });
        return;
      } catch (err) {
        // 451 while Redis restarts: the sender's server would try again later; so do we.
        if (attempt > 40) throw err;
        await sleep(500);
      }
    }
  } finally {
    transport.close();
  }
}

/** Start, attendance, the round of views, the chair's decision and approval. */
export async function holdMeeting(d: Driver, c: Created): Promise<void> {
  const base = `/api/conferences/${c.id}`;
  const by = (role: string) => c.attendees.find((a) => a.role === role)!;
  await d.api('POST', `${base}/start`, {});
  await d.api('POST', `${base}/attendance`, { present: c.attendees.map((a) => a.id), apologies: [] });
  for (const childId of ['c1', 'c2']) {
    await d.api('POST', `${base}/views`, {
      attendeeEmail: by('social-worker').email,
      childId,
      recommendation: 'child-protection-plan',
      categories: ['neglect'],
      rationale: 'Home conditions have not improved',
      scale: 3,
    });
    await d.api('POST', `${base}/views`, {
      attendeeEmail: by('professional').email,
      childId,
      recommendation: 'child-protection-plan',
      categories: ['neglect'],
      rationale: 'Missed appointments',
      scale: 2,
    });
    await d.api('POST', `${base}/views`, { family: true, childId, rationale: 'Things are better' });
  }
  await d.api('POST', `${base}/decision`, {
    outcomes: [
      {
        childId: 'c1',
        outcome: 'child-protection-plan',
        categories: ['neglect'],
        rationale: 'Neglect of health needs',
        scale: 3,
      },
      { childId: 'c2', outcome: 'child-in-need', categories: [], rationale: 'Needs met with support' },
    ],
    plan: [
      {
        risk: 'Missed appointments',
        task: 'Attend every appointment',
        byWhom: 'Parents',
        timescale: 'From now',
        plannedOutcome: 'All kept',
      },
    ],
    coreGroup: [by('social-worker').id, by('professional').id, by('parent').id],
    // The chaos run collects no reports: the chair records why (decision-safeguards.ts).
    withoutReportsReason: 'Reports were given orally at the meeting',
  });
  await d.api('POST', `${base}/decision/approve`, {});
}
