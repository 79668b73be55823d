/**
 * What every door (the API's issue, the dashboard's error, the command line's flag) says, after the
 * field's name, about a London wall time that does not happen exactly once: the domain reads it
 * (domain/calendar/london-time.ts) and says which it is and why; the words are here.
 */
import { DateTime } from 'luxon';
import { isoOffset, type LondonTimeRefusal } from '../domain/calendar/london-time.ts';
import type { FieldIssue } from '../domain/errors.ts';

const longDate = (date: string) => DateTime.fromISO(date).toFormat('d LLLL yyyy', { locale: 'en-GB' });
const clockName = (offset: number) => (offset === 0 ? 'GMT' : 'BST');

/** What is wrong with `text`, a wall time the clocks skip or repeat, and what to give instead. */
export function londonTimeMessage(text: string, r: LondonTimeRefusal): string {
  if (r.kind === 'skipped')
    return `${text} does not exist in London: the clocks go forward on ${longDate(r.date)}, from ${r.from} straight to ${r.to}; give a time before ${r.from} or from ${r.to}`;
  const [first, second] = r.offsets;
  return `${text} happens twice in London: the clocks go back on ${longDate(r.date)}, from ${r.from} to ${r.to}; give the offset, ${text}${isoOffset(first)} for the first (${clockName(first)}) or ${text}${isoOffset(second)} for the second (${clockName(second)})`;
}

/** A field issue's message as a person reads it: a typed reason from the domain in these words, else its own message. */
export function issueMessage(issue: FieldIssue): string {
  return issue.reason?.kind === 'london-time'
    ? londonTimeMessage(issue.reason.text, issue.reason.reading)
    : issue.message;
}

/** Issues as a door shows them: each typed reason in these words (and not itself sent on). */
export function wordIssues(issues: readonly FieldIssue[]): FieldIssue[] {
  return issues.map((i) => {
    const { reason: _reason, ...rest } = i;
    return { ...rest, message: issueMessage(i) };
  });
}
