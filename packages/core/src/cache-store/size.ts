// Byte sizes as people write them: 1048576, '500MB', '1.5 GiB'. Decimal units are powers of
// 1000 and binary units (KiB, MiB…) powers of 1024, as in git-lfs and du.

import { XetcacheError } from '../errors.js';

const UNITS: Record<string, number> = {
  b: 1,
  k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12,
  kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4,
};

export function parseSize(size: number | string): number {
  if (typeof size === 'number') {
    if (!Number.isFinite(size) || size < 0) throw new XetcacheError('EINVAL', `a size must be a non-negative number of bytes, not ${size}`);
    return Math.floor(size);
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(size);
  const unit = UNITS[(m?.[2] ?? '').toLowerCase() || 'b'];
  if (!m || unit === undefined) {
    throw new XetcacheError('EINVAL', `${JSON.stringify(size)} is not a size such as 500MB, 2GiB or 1048576`);
  }
  return Math.floor(Number(m[1]) * unit);
}
