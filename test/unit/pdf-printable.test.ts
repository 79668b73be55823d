import { describe, expect, it } from 'vitest';
import { printable } from '../../src/content/pdf-fonts.ts';

describe('printable: text as a PDF letter draws it', () => {
  it('keeps plain ASCII letters, punctuation and line breaks as they are', () => {
    const text = 'Decision of conference CPC-2027-0001\nPresent: Chair (Hackney CSC), P0 & P1 ~ {ok} [x] #1 @ 100%';
    expect(printable(text)).toBe(text);
  });

  it('turns tabs into spaces, drops invisible controls and prints "?" for a letter the font lacks', () => {
    expect(printable('a\tb')).toBe('a b');
    expect(printable('x\u0007y\u200bz')).toBe('xyz');
    expect(printable('Name: 中文')).toBe('Name: ??');
  });

  it('composes accents (NFC) and keeps Latin, Greek and Cyrillic letters', () => {
    expect(printable('cafe\u0301 Zażółć Ελληνικά Привет')).toBe('café Zażółć Ελληνικά Привет');
  });
});
