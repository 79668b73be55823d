/**
 * Draws the Teams app icons (no image tools needed): manifest/color.png, 192×192, a white shield on
 * the service's blue; manifest/outline.png, 32×32, the shield's outline in white on transparent
 * (Teams requires exactly white and transparent). Run: npx tsx scripts/make-teams-icons.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from './lib/png.ts';

const BLUE = [0x1d, 0x70, 0xb8, 255] as const;
const WHITE = [255, 255, 255, 255] as const;
const CLEAR = [0, 0, 0, 0] as const;

/** Is (u, v) in [0,1]² inside a shield shrunk by `inset`? */
function inShield(u: number, v: number, inset = 0): boolean {
  const top = 0.18 + inset;
  const bottom = 0.86 - inset * 1.6;
  if (v < top || v > bottom) return false;
  const knee = 0.55;
  const half = 0.32 - inset;
  const width = v <= knee ? half : half * ((bottom - v) / (bottom - knee));
  return Math.abs(u - 0.5) <= width;
}

export function colourIcon(): Buffer {
  const n = 192;
  return encodePng(n, n, (x, y) => (inShield((x + 0.5) / n, (y + 0.5) / n) ? WHITE : BLUE));
}

export function outlineIcon(): Buffer {
  const n = 32;
  return encodePng(n, n, (x, y) => {
    const u = (x + 0.5) / n;
    const v = (y + 0.5) / n;
    return inShield(u, v) && !inShield(u, v, 0.09) ? WHITE : CLEAR;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'manifest');
  writeFileSync(path.join(dir, 'color.png'), colourIcon());
  writeFileSync(path.join(dir, 'outline.png'), outlineIcon());
  process.stdout.write(`icons written to ${dir}\n`);
}
