import { describe, expect, it } from 'vitest';
import { newCheckinCode } from '../../../src/core/points/input.js';
import { checkinQr, checkinText } from '../../../src/core/points/qr.js';
import { readQr } from '../../fakes/qr.js';

describe('check-in QR codes', () => {
  it('are PNG pictures that read back as the exact text a member sends', async () => {
    const code = newCheckinCode();
    const png = await checkinQr(code);
    expect(Buffer.from(png.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
    expect(readQr(png)).toBe(`/checkin ${code}`);
    expect(checkinText(code)).toBe(`/checkin ${code}`);
  });

  it('differ from one code to the next', async () => {
    expect(readQr(await checkinQr('ABCD2345'))).toBe('/checkin ABCD2345');
    expect(readQr(await checkinQr('WXYZ6789'))).toBe('/checkin WXYZ6789');
  });
});
