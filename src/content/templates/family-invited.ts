/**
 * Who of a parent's own side is already invited, so that their invitation says so plainly instead of
 * "your child may be able to come" or "you can bring a solicitor": their own children invited to come
 * to the meeting (in the words the letter uses for them, `childNames`; "your child" in the calendar's
 * copy, which carries no names), their own solicitor and their own supporter (never by name). A companion is told of the children of the
 * parent they come with, by number only.
 */
export interface InvitedAlready {
  /** How many of this parent's own children are invited to come to the meeting (as child attendees). */
  childrenInvited?: number;
  /** Those children in the letter's words (as `childNames`): never in the calendar's copy or a subject. */
  invitedChildNames?: readonly string[];
  /** Their own solicitor (a supporter with `solicitor` who comes with them) is invited. */
  solicitorInvited?: boolean;
  /** A supporter of theirs (not a solicitor) who comes with them is invited: never named in the letter. */
  supporterInvited?: boolean;
  /** Sent again because one of these changed since their invitation (the time did not). */
  invitedUpdate?: boolean;
}

/** The notice at the top of a parent's letter sent again, in the standard letter's words; undefined for a first one. */
export function replacesEarlierLetter(
  input: InvitedAlready & { arrangementsUpdated?: boolean; updated?: boolean },
): string | undefined {
  if (input.arrangementsUpdated)
    return 'This replaces the earlier letter: the time is the same, and what we arranged for you is confirmed.';
  if (input.invitedUpdate)
    return 'This replaces the earlier letter: the time is the same, and it now tells you who else is invited.';
  return input.updated ? 'This replaces the earlier letter: the time has changed.' : undefined;
}

const and = (xs: readonly string[]) =>
  xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : (xs[0] ?? '');
const capital = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

/** "Ruby has been invited to come to the meeting." ("Your child …" without names); undefined when none of theirs is. */
export function childrenInvitedLine(input: InvitedAlready & { childCount?: number }): string | undefined {
  const n = input.childrenInvited ?? 0;
  if (!n) return undefined;
  const all = input.childCount ?? 1;
  const names = input.invitedChildNames?.length === n ? input.invitedChildNames : undefined;
  const who = names
    ? capital(and(names))
    : n >= all
      ? all > 1
        ? 'Your children'
        : 'Your child'
      : n > 1
        ? `${n} of your children`
        : 'One of your children';
  return `${who} ${n > 1 ? 'have' : 'has'} been invited to come to the meeting.`;
}

/** "your other child" / "your other children" not invited yet; undefined when every child of theirs is. */
export function otherChildren(input: InvitedAlready & { childCount?: number }): string | undefined {
  const n = input.childrenInvited ?? 0;
  if (!n) return undefined;
  const left = (input.childCount ?? 1) - n;
  return left > 0 ? (left > 1 ? 'your other children' : 'your other child') : '';
}

/** Their own supporter already invited is said so (never by name), as their solicitor is; else that they may bring one. */
export const supporterLine = (input: InvitedAlready): string =>
  `${input.supporterInvited ? 'Your supporter has been invited too,' : 'You can bring a supporter, such as a friend or relative,'} to help you say what you think.`;

/** For someone who comes with a parent: the children of that parent invited, by number only (never a name). */
export function companionChildrenLine(input: InvitedAlready): string | undefined {
  const n = input.childrenInvited ?? 0;
  if (!n) return undefined;
  return n > 1
    ? `${n} of the children the meeting is about have been invited to come to it.`
    : 'A child the meeting is about has been invited to come to it.';
}
