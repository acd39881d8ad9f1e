// LFS oids on the wire are 64 lowercase hex characters; pointers and the chunk store write them
// as `sha256:` + hex. Both forms are accepted; the wire gets the bare one.

import { RemoteError } from '../errors.js';

const HEX = /^[0-9a-f]{64}$/;

export function wireOid(oid: string): string {
  const hex = oid.startsWith('sha256:') ? oid.slice('sha256:'.length) : oid;
  if (!HEX.test(hex)) throw new RemoteError('EINVAL', `an LFS oid is 64 lowercase hex characters (optionally after "sha256:"), got ${JSON.stringify(oid.slice(0, 80))}`);
  return hex;
}

export function checkSize(size: number): number {
  if (!Number.isSafeInteger(size) || size < 0) throw new RemoteError('EINVAL', `an LFS object size is a whole number of bytes, got ${size}`);
  return size;
}
