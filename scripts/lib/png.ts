/** PNG encoding and reading for the Teams icons, through pngjs (a well-kept pure-JS codec). */
import { PNG } from 'pngjs';

/** `pixel(x, y)` returns [r, g, b, a]: an 8-bit RGBA image. */
export function encodePng(
  width: number,
  height: number,
  pixel: (x: number, y: number) => readonly [number, number, number, number],
): Buffer {
  const png = new PNG({ width, height, colorType: 6 });
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) png.data.set(pixel(x, y), (y * width + x) * 4);
  return PNG.sync.write(png, { colorType: 6 });
}

/** Width, height and colour type of a PNG; pngjs decodes the whole image, so a corrupt file throws. */
export function pngSize(data: Buffer): { width: number; height: number; colourType: number } {
  let png: PNG;
  try {
    png = PNG.sync.read(data);
  } catch (err) {
    throw new Error(`not a PNG (${(err as Error).message})`, { cause: err });
  }
  const colourType = data.readUInt8(25);
  return { width: png.width, height: png.height, colourType };
}
