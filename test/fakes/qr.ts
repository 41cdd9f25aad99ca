import jsqr from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS with an ES-style `default` in its types: under NodeNext the function is `.default`.
const jsQR = jsqr.default;

/** Reads a QR code back out of a PNG, as a member's phone camera would; `undefined` when none is found. */
export function readQr(png: Uint8Array): string | undefined {
  const image = PNG.sync.read(Buffer.from(png));
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}
