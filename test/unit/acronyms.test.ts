/**
 * The family letters' acronym check reads the prose, not web addresses: a personal link's random
 * signed token once held `-HBNU-` and failed the easy-read test by chance.
 */
import { describe, expect, it } from 'vitest';
import { findAcronyms } from '../../src/content/templates/family-invite.ts';

describe('findAcronyms', () => {
  it('ignores capitals inside a web address, and still finds them in the words around it', () => {
    const link = 'https://cpc.example.gov.uk/l/eyJjb25mZXJlbmNl-HBNU-x_QZ.AB-CD';
    expect(findAcronyms(`Open your page: ${link}`)).toEqual([]);
    expect(findAcronyms(`Open your page (${link}) about the CPP.`)).toEqual(['CPP']);
    expect(findAcronyms(`Reference CPC-2027-0001, call the PIN line`, 'CPC-2027-0001')).toEqual([]);
    expect(findAcronyms('The LADO and the MASH will decide')).toEqual(['LADO', 'MASH']);
  });
});
