// SHA-256 from node:crypto (OpenSSL, ~1.7 GB/s here), hashing on the calling thread.

import { createHash } from 'node:crypto';
import type { Sha256Factory } from '../hash/sha256.js';

export const nodeSha256: Sha256Factory = () => {
  const hash = createHash('sha256');
  return {
    update: (data) => void hash.update(data),
    settled: () => Promise.resolve(),
    digest: async () => new Uint8Array(hash.digest()),
  };
};
