// Binary framing shared by the content files: `magic (8) | body | sha256 (32) of magic and body`.
// A file whose checksum fails is damage (EINTEGRITY); one that does not parse, too.

import { createHash } from 'node:crypto';
import { HubError } from '../errors.js';

export function frame(magic: string, body: Buffer): Uint8Array {
  const head = Buffer.from(magic, 'latin1');
  const sum = createHash('sha256').update(head).update(body).digest();
  return Buffer.concat([head, body, sum]);
}

export function unframe(magic: string, data: Uint8Array, what: string): Buffer {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length < 40 || buf.toString('latin1', 0, 8) !== magic) throw new HubError('EINTEGRITY', `${what} is damaged (bad header)`);
  const body = buf.subarray(8, buf.length - 32);
  const sum = createHash('sha256').update(buf.subarray(0, buf.length - 32)).digest();
  if (!sum.equals(buf.subarray(buf.length - 32))) throw new HubError('EINTEGRITY', `${what} is damaged (checksum)`);
  return body;
}

export function damaged(what: string): HubError {
  return new HubError('EINTEGRITY', `${what} is damaged (does not parse)`);
}
