// One byte range from a Range header (`bytes=a-b`, `bytes=a-`, `bytes=-n`), as git-lfs sends
// to resume a download. Several ranges are answered with the whole object; nonsense is a 400.

import { HubError, badRequest } from '../errors.js';

export interface ByteRange {
  start: number;
  /** Exclusive. */
  end: number;
}

export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!m) throw badRequest('a Range header is "bytes=START-END"');
  const specs = m[1]!.split(',');
  if (specs.length > 1) return undefined;
  const r = /^\s*(\d{0,16})\s*-\s*(\d{0,16})\s*$/.exec(specs[0]!);
  if (!r || (r[1] === '' && r[2] === '')) throw badRequest('a Range header is "bytes=START-END"');
  const unsatisfiable = () => new HubError('ERANGE', `the range is outside the object's ${size} bytes`, { size });
  if (r[1] === '') {
    const suffix = Number(r[2]);
    if (suffix === 0) throw unsatisfiable();
    return { start: Math.max(0, size - suffix), end: size };
  }
  const start = Number(r[1]);
  if (start >= size) throw unsatisfiable();
  const last = r[2] === '' ? size - 1 : Number(r[2]);
  if (last < start) throw badRequest('a Range ends before it starts');
  return { start, end: Math.min(size, last + 1) };
}
