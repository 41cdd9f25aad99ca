import QRCode from 'qrcode';

/** What a member types to check in; the QR code of an event carries the same text. */
export const checkinText = (code: string): string => `/checkin ${code}`;

/**
 * A PNG QR code of `/checkin CODE`, for the organiser to show at the door: scanning it gives members the
 * exact text to send. Medium error correction and a quiet zone, so a photo of a screen still reads.
 */
export async function checkinQr(code: string): Promise<Uint8Array> {
  return QRCode.toBuffer(checkinText(code), {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 4,
    scale: 8,
  });
}
