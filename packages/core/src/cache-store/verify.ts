// Check a cache end to end: the chunk store's bytes, then each entry's metadata, pointer file and
// value. With repair, the store quarantines damage, pointer files are rewritten from metadata,
// and entries that cannot be read (damaged metadata, or a value whose bytes are gone and cannot be
// fetched) are removed, so the next call computes them again.

import { encodePointer } from '../pointer/encode.js';
import type { VerifyReport } from '../store/verify.js';
import type { CacheStoreDeps } from './context.js';

export interface CacheVerifyProblem {
  key?: string;
  id: string;
  message: string;
}

export interface CacheVerifyReport {
  ok: boolean;
  entries: number;
  problems: CacheVerifyProblem[];
  repaired: string[];
  store: VerifyReport;
}

export async function verifyCache(deps: CacheStoreDeps, options: { repair?: boolean } = {}): Promise<CacheVerifyReport> {
  const repair = options.repair ?? false;
  const store = await deps.store.verify({ repair });
  const report: CacheVerifyReport = { ok: store.ok, entries: 0, problems: [], repaired: [], store };
  const problem = (p: CacheVerifyProblem) => {
    report.ok = false;
    report.problems.push(p);
  };
  for await (const e of deps.project.entries()) {
    report.entries++;
    if ('error' in e) {
      problem({ id: e.id, message: e.error.message });
      if (repair) {
        await deps.project.discard(e.id);
        report.repaired.push(`removed damaged entry ${e.id}`);
      }
      continue;
    }
    const { meta } = e;
    const pointer = encodePointer({ oid: meta.oid, size: meta.size });
    if ((await deps.project.readPointer(meta.key)) !== pointer) {
      problem({ key: meta.key, id: e.id, message: 'its pointer file does not match its metadata' });
      if (repair) {
        await deps.project.rewritePointer(meta);
        report.repaired.push(`rewrote the pointer of ${JSON.stringify(meta.key)}`);
      }
    }
    let info = await deps.store.stat(meta.oid);
    if (!info && deps.fetchValue) {
      try {
        await deps.fetchValue(meta);
        info = await deps.store.stat(meta.oid);
      } catch {
        // Reported below as missing.
      }
    }
    if (!info) {
      problem({ key: meta.key, id: e.id, message: `its value ${meta.oid} is not in the store` });
    } else if (info.size !== meta.size || info.xetHash !== meta.xetHash) {
      problem({ key: meta.key, id: e.id, message: `its metadata (size ${meta.size}, xetHash ${meta.xetHash}) does not match the stored value` });
    } else {
      continue;
    }
    if (repair) {
      await deps.project.remove(meta.key);
      report.repaired.push(`removed ${JSON.stringify(meta.key)}, whose value is gone`);
    }
  }
  if (repair) await deps.project.flush();
  return report;
}
