/**
 * Template images made safe for pdfkit. pdfkit 0.17 (png-js) misreads PNGs with fewer than 8 bits
 * per sample, which is what palette-optimised logos and signatures usually are (the seeded ones
 * are 4-bit palettes: drawn twice, side by side). Every PNG is therefore decoded with pngjs and
 * re-encoded as plain 8-bit RGBA; JPEGs pass through. Results are cached by content hash, since
 * one template's images appear on thousands of certificates.
 */
import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_PIXELS = 40_000_000;
const CACHE_SIZE = 32;
const cache = new Map<string, Buffer>();

export class UnsupportedImageError extends Error {}

export function isPng(data: Buffer): boolean {
  return data.length > 8 && data.subarray(0, 8).equals(PNG_SIGNATURE);
}

export function isJpeg(data: Buffer): boolean {
  return data.length > 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff;
}

/**
 * The image as pdfkit reads it correctly: the JPEG unchanged, or a PNG re-encoded with 8 bits
 * per sample. With `flattenOnto` (#rrggbb) transparency is composited onto that colour and the
 * PNG has no alpha channel: pdfkit then copies its compressed data into the PDF as is, instead of
 * inflating it and splitting out an alpha mask on every certificate.
 */
export function normaliseImage(data: Buffer, flattenOnto?: string): Buffer {
  if (isJpeg(data)) return data;
  if (!isPng(data)) throw new UnsupportedImageError('only PNG and JPEG images can be placed on a certificate (convert SVG, WebP or GIF first)');
  const key = `${createHash('sha256').update(data).digest('hex')}:${flattenOnto ?? 'alpha'}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  // IHDR width and height, checked before decoding so a hostile file cannot ask for gigabytes.
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  if (width * height > MAX_PIXELS) throw new UnsupportedImageError(`the image is ${width}×${height} pixels; at most ${MAX_PIXELS / 1_000_000} megapixels`);
  let png: PNG;
  try {
    png = PNG.sync.read(data);
  } catch (error) {
    throw new UnsupportedImageError(`the PNG cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  const out = flattenOnto
    ? PNG.sync.write(png, {
        colorType: 2,
        inputColorType: 6,
        inputHasAlpha: true,
        bitDepth: 8,
        bgColor: { red: parseInt(flattenOnto.slice(1, 3), 16), green: parseInt(flattenOnto.slice(3, 5), 16), blue: parseInt(flattenOnto.slice(5, 7), 16) },
      })
    : PNG.sync.write(png, { colorType: 6, inputColorType: 6, bitDepth: 8, inputHasAlpha: true });
  cache.set(key, out);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return out;
}
