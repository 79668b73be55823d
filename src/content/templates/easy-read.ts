/**
 * Easy read letters for a parent or carer who asked for them (`accessibilityNeeds: ['easy-read']`):
 * the invitation (easy-read-invite.ts) and the decision letter (easy-read-decision.ts). Short plain
 * sentences, one idea per line, in larger type (email and PDF). They carry the same facts as the
 * standard letters (time, how to join, who will be there, the decision per child, the plan, what
 * happens next, how to complain) and the same subject, so nothing else changes for the reader. The
 * chair's own words (their plain-language "why" for the family, the plan) are quoted as written; the
 * professional rationale never is. Here: who gets them, and the one-idea-per-line rule.
 */
import type { AccessibilityNeed } from '../../domain/vocabulary.ts';
import { p, type Block } from './layout.ts';

/** Whether a family member's letters are written in easy read. */
export const wantsEasyRead = (a: { accessibilityNeeds: readonly AccessibilityNeed[] }): boolean =>
  a.accessibilityNeeds.includes('easy-read');
/** Easy read and large print both mean the larger type. */
export const largeType = (a: { accessibilityNeeds: readonly AccessibilityNeed[] }): boolean =>
  a.accessibilityNeeds.includes('large-print') || wantsEasyRead(a);

/** One idea per line: each sentence its own paragraph. */
export const lines = (...sentences: string[]): Block[] => sentences.map((s) => p(s));
