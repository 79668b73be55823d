/**
 * `npm run demo` runs a whole conference in CI: it must exit 0, print a timeline
 * and the outbox path, and leave the decision letters in that folder; the Cumbria conference goes
 * on to its first core group (invited, held with scaling) and an overdue plan action.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';

describe('npm run demo', () => {
  it('runs a complete Hackney conference and exits 0', { timeout: 120_000 }, async () => {
    const child = spawn('npm', ['run', '--silent', 'demo'], {
      cwd: process.cwd(),
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, out).toBe(0);

    for (const step of [
      'conference.created',
      'report.received',
      'report-escalation',
      'meeting.parents-slot',
      'checklist.ticked',
      'view.recorded',
      'decision.recorded',
      'decision.approved',
      'circulate-decision',
      'hard-copy.queued',
      'decision.circulated',
      'follow-up.core-group',
      'follow-up.review-drafted',
      'conference.confirmed',
      'minutes.saved',
      'minutes.approved',
      'record-bundle.circulated',
      'record-bundle.on-time',
      'minutes.circulated',
      'core-group.invites-sent',
      'core-group.recorded',
      'core-group.record-circulated',
      'plan.action-reminded',
      'plan.action-overdue',
    ])
      expect(out, step).toContain(step);
    expect(out).toContain('report received by email (LATE)');
    expect(out).toContain('(for Police)');
    expect(out).toContain('1 dissent');
    expect(out).toMatch(/Final state follow-up; circulation complete/);
    // The minutes: only the chair approves; Hackney's go as the record bundle, Cumbria's with a separate copy for a parent's solicitor.
    expect(out).toContain('The minute taker tries to approve them: 400 by:');
    expect(out).toMatch(
      /Minutes: CPC-2027-0001 record bundle complete \(8 recipients\); CPC-2027-0003 minutes complete \(7 recipients, 1 solicitor's copy\)/,
    );
    // No family name reaches the timeline.
    for (const name of ['Parent One', 'Parent Two', 'Younger', 'Demo Child']) expect(out).not.toContain(name);

    const outbox = /emails written to the outbox: (\S+)/.exec(out)?.[1];
    expect(outbox, out).toBeTruthy();
    const files = readdirSync(outbox!).filter((f) => f.endsWith('.eml'));
    const mails = files.map((f) => readFileSync(path.join(outbox!, f), 'utf8'));
    const hackney = mails.filter((m) => /^X-Conference-Reference: CPC-2027-0001$/m.test(m));
    const decisions = hackney.filter((m) =>
      /^Subject: (Decision of child protection conference|The decision of your)/m.test(m),
    );
    expect(decisions).toHaveLength(7); // chair, social worker, health visitor, school, police, minute-taker, the emailing parent
    expect(hackney.filter((m) => /^Subject: (Conference record|The record of your)/m.test(m))).toHaveLength(7); // the same seven; the posted copy is printed
    expect(
      mails.filter((m) =>
        /^Subject: Minutes of child protection conference CPC-2027-0003: copy for a\s+parent's solicitor/m.test(m),
      ),
    ).toHaveLength(1);

    // The first core group, booked at the Cumbria conference: invited, held with its scaling; then an action overdue.
    expect(out).toContain(
      'First core group cg1 booked at the conference for 2027-02-18 14:00: 3 members invited (video and dial-in)',
    );
    expect(out).toContain('Core group cg1 held: 2 present, 1 apology; scaling d1 4/10; g1 5/10');
    expect(out).toContain(
      'Plan action p2: owner a4, due 2027-02-19, open, OVERDUE: social worker and core group chair told',
    );
    const cumbria = await Promise.all(
      mails.filter((m) => /^X-Conference-Reference: CPC-2027-0003$/m.test(m)).map((m) => simpleParser(m)),
    );
    const bySubject = (re: RegExp) => cumbria.filter((m) => re.test(m.subject ?? ''));
    const invites = bySubject(
      /^(CPC-2027-0003: first core group Thu 18 Feb 2027 14:00|Core group meeting \(reference CPC-2027-0003\))$/,
    );
    expect(invites.map((m) => (m.to as any).text).sort()).toEqual([
      'hv@cumbria.nhs.example.org',
      'parent.three@family.example.com',
      'sw@cumbria.example.gov.uk',
    ]);
    for (const m of invites) {
      // Professionals' words, then the parent's plain ones: the video link and the phone numbers with the PIN.
      expect(m.text).toMatch(/Video link: http|Join by video: http/);
      expect(m.text).toMatch(/Dial-in|join by phone/);
      expect(m.text).toMatch(/PIN \d+/);
    }
    const records = bySubject(/core group record|Core group record/);
    expect(records).toHaveLength(3);
    for (const m of records) expect((m.text ?? '').replace(/\s+/g, ' ')).toContain('the adults argue: 4 out of 10');
    const overdue = bySubject(/^CPC-2027-0003: plan action 2 overdue \(due 19 February 2027\)$/);
    expect(overdue.map((m) => (m.to as any).text)).toEqual(['sw@cumbria.example.gov.uk']);
    rmSync(path.dirname(outbox!), { recursive: true, force: true });
  });
});
