import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../src/domain/calendar/working-days.ts';
import type { HardCopy } from '../../src/domain/deliveries.ts';
import {
  postArrivesInTime,
  queuedLetter,
  stillToPrint,
  supersede,
  waitingToPrint,
  withdrawMeetingLetters,
} from '../../src/domain/letters.ts';

const cal = new WorkingDayCalendar();
const AT = '2027-03-29T09:00:00+01:00';
const copy = (blobId: string, document: string, extra: Partial<HardCopy> = {}): HardCopy => ({
  blobId,
  attendeeId: 'a6',
  document,
  queuedAt: '2027-03-01T09:00:00+00:00',
  dueAt: '2027-03-02T17:00:00+00:00',
  ...extra,
});

describe('postArrivesInTime: two working days in the post, before the meeting day', () => {
  it('is in time when two working days fall between posting and the meeting day', () => {
    expect(postArrivesInTime(cal, '2027-03-02T17:00:00+00:00', '2027-03-30T10:00:00+01:00', 2)).toBe(true);
    // Posted Wed 24 Mar: Thu 25, then Tue 30 (Good Friday and Easter Monday are not working days).
    expect(postArrivesInTime(cal, '2027-03-24T17:00:00+00:00', '2027-03-31T10:00:00+01:00', 2)).toBe(true);
  });

  it('is too late when posted the day before or on the day, or when holidays eat the days between', () => {
    expect(postArrivesInTime(cal, '2027-03-30T17:00:00+01:00', '2027-03-30T10:20:00+01:00', 2)).toBe(false);
    expect(postArrivesInTime(cal, '2027-03-25T17:00:00+00:00', '2027-03-30T10:00:00+01:00', 2)).toBe(false);
    expect(postArrivesInTime(cal, '2027-03-24T17:00:00+00:00', '2027-03-30T10:00:00+01:00', 2)).toBe(false);
  });

  it("counts the policy's own days in the post", () => {
    // Posted Tue 2 Mar for Mon 8 Mar: in time with 2 or 3 working days in the post, not with 4.
    expect(postArrivesInTime(cal, '2027-03-02T17:00:00+00:00', '2027-03-08T10:00:00+00:00', 3)).toBe(true);
    expect(postArrivesInTime(cal, '2027-03-02T17:00:00+00:00', '2027-03-08T10:00:00+00:00', 4)).toBe(false);
  });
});

describe('supersede', () => {
  it('withdraws unprinted earlier letters of the same series to the same person, keeping them', () => {
    const printed = copy('hardcopy-invitation-a6-v1', 'invitation', { printedAt: '2027-03-02T10:00:00+00:00' });
    const first = copy('hardcopy-updated-invitation-a6-update1-v1', 'updated-invitation');
    const other = { ...copy('hardcopy-invitation-a7-v1', 'invitation'), attendeeId: 'a7' };
    const decision = copy('hardcopy-decision-letter-a6-v1', 'decision-letter');
    const next = copy('hardcopy-updated-invitation-a6-update2-v1', 'updated-invitation');
    const r = supersede([printed, first, other, decision], next, AT);
    expect(r.superseded).toEqual([first.blobId]);
    expect(r.hardCopies).toEqual([
      printed,
      { ...first, withdrawnAt: AT, withdrawnReason: 'superseded', supersededBy: next.blobId },
      other,
      decision,
      next,
    ]);
  });

  it('a cancellation replaces an unprinted invitation', () => {
    const r = supersede([copy('i', 'invitation')], copy('c', 'cancellation'), AT);
    expect(r.superseded).toEqual(['i']);
  });
});

describe('letters about a meeting already held', () => {
  it('leave the print list once the meeting starts; other letters stay', () => {
    const letters = [copy('i', 'invitation'), copy('p', 'invitation', { printedAt: AT }), copy('d', 'decision-letter')];
    expect(letters.filter((h) => stillToPrint({ state: 'invited' }, h)).map((h) => h.blobId)).toEqual(['i', 'd']);
    expect(letters.filter((h) => stillToPrint({ state: 'decided' }, h)).map((h) => h.blobId)).toEqual(['d']);
    const withdrawn = withdrawMeetingLetters(letters, AT)!;
    expect(withdrawn[0]).toMatchObject({ withdrawnAt: AT, withdrawnReason: 'meeting-held' });
    expect(withdrawn[1]).toEqual(letters[1]);
    expect(withdrawn[2]).toEqual(letters[2]);
    expect(withdrawMeetingLetters(undefined, AT)).toBeUndefined();
  });
});

describe('a letter on the queue has gone only once printed', () => {
  const key = 'circulate-decision-a6-v1';
  it('finds the letter a ledger entry stands for by its ledger key, or (older records) by the ledger note naming it', () => {
    const byKey = copy('hardcopy-decision-letter-a6-v1', 'decision-letter', { ledgerKey: key });
    expect(queuedLetter({ hardCopies: [byKey] }, key)).toBe(byKey);
    const older = copy('hardcopy-decision-letter-a6-v1', 'decision-letter');
    expect(queuedLetter({ hardCopies: [older] }, key, { messageId: 'post:hardcopy-decision-letter-a6-v1' })).toBe(
      older,
    );
    expect(queuedLetter({ hardCopies: [older] }, key, { messageId: '<abc@mail>' })).toBeUndefined();
    expect(queuedLetter({ hardCopies: [] }, key)).toBeUndefined();
  });

  it('counts a sent ledger entry as waiting to print until the letter is marked printed', () => {
    const waiting = copy('hardcopy-invitation-a6-v1', 'invitation', { ledgerKey: 'send-invites-a6-v1' });
    expect(waitingToPrint({ hardCopies: [waiting] }, 'send-invites-a6-v1', { state: 'sent' })).toBe(waiting);
    expect(
      waitingToPrint({ hardCopies: [{ ...waiting, printedAt: AT }] }, 'send-invites-a6-v1', { state: 'sent' }),
    ).toBeUndefined();
    // An email is just sent; a failed entry is not "waiting to print" but failed.
    expect(waitingToPrint({ hardCopies: [waiting] }, 'send-invites-a5-v1', { state: 'sent' })).toBeUndefined();
    expect(waitingToPrint({ hardCopies: [waiting] }, 'send-invites-a6-v1', { state: 'failed' })).toBeUndefined();
  });
});
