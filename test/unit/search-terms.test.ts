import { describe, expect, it } from 'vitest';
import { coordinatorMayOpen } from '../../src/domain/disclosure.ts';
import {
  normaliseTerms,
  queryTokens,
  searchTerms,
  searchWords,
  tokenGroup,
  wordsMatch,
} from '../../src/domain/search-terms.ts';
import { letterTitle } from '../../src/content/worklist.ts';

describe('search words', () => {
  it('folds accents, case and apostrophes, and keeps a hyphenated name whole too', () => {
    expect(normaliseTerms('Zoë  ŁUKASZ')).toEqual(['zoe', 'lukasz']);
    expect(normaliseTerms('Siobhán O’Brien-Ní Bhriain')).toEqual(['siobhan', 'obrien', 'ni', 'obrienni', 'bhriain']);
    expect(normaliseTerms(' - ')).toEqual([]);
  });

  it('indexes the children and family only because the coordinator may know whom a conference is about', () => {
    expect(coordinatorMayOpen('case-identity')).toBe(true);
    expect(coordinatorMayOpen('child-view')).toBe(false);
    const terms = searchWords({
      children: [{ id: 'c1', firstName: 'Ruby', lastName: 'Test', unborn: false }],
      attendees: [
        {
          id: 'a1',
          name: 'Chair Person',
          role: 'chair',
          agency: 'Safeguarding',
          interpreterNeeded: false,
          accessibilityNeeds: [],
          contactPreference: 'email',
          rsvp: 'needs-action',
        },
        {
          id: 'a2',
          name: 'Jade Test',
          role: 'parent',
          interpreterNeeded: false,
          accessibilityNeeds: [],
          contactPreference: 'email',
          rsvp: 'needs-action',
        },
      ],
    });
    expect(terms).toEqual(['chair', 'jade', 'person', 'ruby', 'safeguarding', 'test']);
  });

  it('indexes the first 3 to 6 letters of each word (a shorter word whole), so typing the start of a name finds it', () => {
    const c = {
      children: [{ id: 'c1', firstName: 'Li', lastName: 'Testfamily', unborn: false }],
      attendees: [],
    };
    expect(searchTerms(c)).toEqual(['^tes', '^test', '^testf', '^testfa', 'li']);
    // The longer prefixes are kept with their first three letters' entry; a short word on its own.
    expect(searchTerms(c).map(tokenGroup)).toEqual(['^tes', '^tes', '^tes', '^tes', 'li']);
    // "Test" looks up the prefix; "Testfamil" (longer than is indexed) its first six letters; "Li" (short) the whole word.
    expect(queryTokens(['test', 'testfamil', 'li'])).toEqual(['^test', '^testfa', 'li']);
    const words = searchWords(c);
    expect(wordsMatch(words, ['test'])).toBe(true);
    expect(wordsMatch(words, ['testfamil', 'li'])).toBe(true);
    expect(wordsMatch(words, ['testfamilyx'])).toBe(false);
    // A short word must be whole: "te" is not the start of a word here, and "l" is not "li".
    expect(wordsMatch(words, ['te'])).toBe(false);
    expect(wordsMatch(words, ['l'])).toBe(false);
    expect(wordsMatch(words, ['family'])).toBe(false);
  });
});

describe('letters in words', () => {
  it('says what each letter on the print queue is', () => {
    expect(letterTitle('core-group-cg2', 'core-group-invites-a6-cg2r1-v1')).toBe('Invitation to core group meeting 2');
    expect(letterTitle('core-group-cg2', 'core-group-cancellations-a6-cg2r2-v1')).toBe(
      'Cancellation of core group meeting 2',
    );
    expect(letterTitle('core-group-record-cg1')).toBe('Record of core group meeting 1');
    expect(letterTitle('decision-letter')).toBe('Letter about the decision');
  });
});
