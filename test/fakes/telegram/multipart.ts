import type { Params } from './params.js';

/** An uploaded file as recorded in a call's params. */
export interface FakeFile {
  filename: string;
  content_type: string;
  size: number;
  /**
   * The uploaded bytes, so a test can read back what was sent (decode a QR code…). Not enumerable: a
   * recorded call printed or compared as JSON shows the name and size, not thousands of numbers.
   */
  readonly bytes: Buffer;
}

const CRLF2 = Buffer.from('\r\n\r\n');

/**
 * A minimal `multipart/form-data` reader (`@fastify/multipart` is not installed): text fields become
 * strings, file parts become `FakeFile`s. Enough for what telegraf's MultipartStream sends.
 */
export function parseMultipart(body: Buffer, contentType: string): Params {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) throw new Error('multipart body without boundary');
  const delimiter = Buffer.from(`--${marker}`);
  const params: Params = {};
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    readPart(body.subarray(partStart, next), params);
    start = next;
  }
  return params;
}

function readPart(part: Buffer, params: Params): void {
  const headerEnd = part.indexOf(CRLF2);
  if (headerEnd === -1) return;
  const headers = part.subarray(0, headerEnd).toString('utf8');
  // The part's body ends with the CRLF that precedes the next delimiter.
  const content = part.subarray(
    headerEnd + CRLF2.length,
    Math.max(headerEnd + CRLF2.length, part.length - 2),
  );
  const name = /name="([^"]*)"/i.exec(headers)?.[1];
  if (name === undefined) return;
  const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
  if (filename === undefined) {
    params[name] = content.toString('utf8');
    return;
  }
  const file = {
    filename,
    content_type: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream',
    size: content.length,
  };
  params[name] = Object.defineProperty(file, 'bytes', {
    value: Buffer.from(content),
    enumerable: false,
  }) as FakeFile;
}
