import { describe, expect, it } from 'vitest';
import { renderLetterPdf } from '../../src/content/pdf-letter.ts';
import { phones } from '../../src/content/templates/layout.ts';
import { pdfText } from '../helpers/pdf-text.ts';

describe('a paper letter', () => {
  it('prints phone numbers (before, a letter dropped the phones block: the lint rule switch-exhaustiveness-check found it)', async () => {
    const pdf = await renderLetterPdf({
      title: 'Your invitation',
      reference: 'CPC-2027-0001',
      createdAt: new Date('2027-01-04T09:00:00Z'),
      blocks: [phones([{ text: 'Phone 020 7946 0018, PIN 1234', href: 'tel:+442079460018,,1234' }])],
    });
    expect(pdfText(pdf).replace(/\s+/g, ' ')).toContain('020 7946 0018');
  });
});
