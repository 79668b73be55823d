/**
 * The Signs of Safety sections of a plan, under the policy's own headings and in its order (only
 * the sections the policy uses): danger statements and safety goals with their scaling, bottom
 * lines, contingency, and when the words and pictures were shared with the child. One builder for
 * the professionals' and the family's letters.
 */
import type { SignsOfSafety, PlanRow } from '../../domain/plan.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { calendarDate } from '../format.ts';
import { heading, list, p, type Block } from './layout.ts';

const MEETING = (m: string) => (m === 'conference' ? 'at the conference' : `at core group ${m.slice(2)}`);
const scaled = (s: { scaling: readonly { meeting: string; score: number }[] }) =>
  s.scaling.length ? ` Scaling: ${s.scaling.map((x) => `${x.score} out of 10 ${MEETING(x.meeting)}`).join('; ')}.` : '';

export function planSectionBlocks(policy: Policy, sos: SignsOfSafety | undefined): Block[] {
  if (!sos) return [];
  return policy.plan.sections.flatMap(({ section, heading: title }): Block[] => {
    switch (section) {
      case 'danger-statements':
        return sos.dangerStatements.length
          ? [heading(title), list(sos.dangerStatements.map((d, i) => `${i + 1}. ${d.text}${scaled(d)}`))]
          : [];
      case 'safety-goals':
        return sos.safetyGoals.length
          ? [
              heading(title),
              list(
                sos.safetyGoals.map(
                  (g, i) =>
                    `${i + 1}. ${g.text}${g.dangerStatementId ? ` (danger statement ${g.dangerStatementId.slice(1)})` : ''}${scaled(g)}`,
                ),
              ),
            ]
          : [];
      case 'bottom-lines':
        return sos.bottomLines.length ? [heading(title), list([...sos.bottomLines])] : [];
      case 'contingency':
        return sos.contingency ? [heading(title), p(sos.contingency)] : [];
      case 'words-and-pictures':
        return [
          heading(title),
          p(
            sos.wordsAndPicturesSharedOn
              ? `Shared with the child on ${calendarDate(sos.wordsAndPicturesSharedOn)}.`
              : 'Not yet shared with the child.',
          ),
        ];
    }
  });
}

/** When an action is due: its date where the chair gave one, else the timescale in words. */
export const dueWords = (r: Pick<PlanRow, 'dueOn' | 'timescale'>): string =>
  r.dueOn ? calendarDate(r.dueOn) : r.timescale;

/** Easy-read headings: the ideas of the Signs of Safety sections without their names. */
const EASY_HEADING: Record<Policy['plan']['sections'][number]['section'], string> = {
  'danger-statements': 'What we are worried about',
  'safety-goals': 'What we want to see',
  'bottom-lines': 'What must always happen',
  contingency: 'If the plan is not working',
  'words-and-pictures': 'A story for your child',
};
const sentence = (t: string) => (/[.!?]$/.test(t.trim()) ? t.trim() : `${t.trim()}.`);

/**
 * The same sections in easy read, in the policy's order (only those it uses): a plain heading, one
 * idea per line, no scaling numbers or cross-references.
 */
export function easyPlanSectionBlocks(policy: Policy, sos: SignsOfSafety | undefined): Block[] {
  if (!sos) return [];
  return policy.plan.sections.flatMap(({ section }): Block[] => {
    const title = heading(EASY_HEADING[section]);
    switch (section) {
      case 'danger-statements':
        return sos.dangerStatements.length ? [title, list(sos.dangerStatements.map((d) => sentence(d.text)))] : [];
      case 'safety-goals':
        return sos.safetyGoals.length ? [title, list(sos.safetyGoals.map((g) => sentence(g.text)))] : [];
      case 'bottom-lines':
        return sos.bottomLines.length ? [title, list(sos.bottomLines.map(sentence))] : [];
      case 'contingency':
        return sos.contingency ? [title, p(sentence(sos.contingency))] : [];
      case 'words-and-pictures':
        return [
          title,
          p('Your social worker makes a story in words and pictures.'),
          p(
            sos.wordsAndPicturesSharedOn
              ? `They shared it with your child on ${calendarDate(sos.wordsAndPicturesSharedOn)}.`
              : 'It explains the plan to your child.',
          ),
        ];
    }
  });
}
