// How two versions of one cache entry are reconciled when two machines changed the same key:
// a changed (or re-created) entry beats a deletion; of two versions, the later `createdAt` wins,
// ties go to the greater value oid, then to the greater text. The rule looks only at the two
// versions, never at which side is "ours", so every machine that merges the same two histories
// ends with the same entry.

export interface EntryVersion {
  /** meta.json's text ('' when the entry has none). */
  meta: string;
  /** What tells two versions with the same meta.json apart (the entry directory's tree oid). */
  id?: string;
}

interface Ranked {
  createdAt: string;
  oid: string;
}

function rank(meta: string): Ranked {
  try {
    const parsed = JSON.parse(meta) as { createdAt?: unknown; oid?: unknown };
    return {
      createdAt: typeof parsed.createdAt === 'string' ? parsed.createdAt : '',
      oid: typeof parsed.oid === 'string' ? parsed.oid : '',
    };
  } catch {
    // A damaged file loses to any readable one; verify reports it.
    return { createdAt: '', oid: '' };
  }
}

function compareTimes(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return ta < tb ? -1 : 1;
  if (Number.isFinite(ta) !== Number.isFinite(tb)) return Number.isFinite(ta) ? 1 : -1;
  return 0;
}

/** Which of two meta.json texts wins: 0 for the first, 1 for the second. */
export function winner(a: string, b: string): 0 | 1 {
  const ra = rank(a);
  const rb = rank(b);
  const byTime = compareTimes(ra.createdAt, rb.createdAt);
  if (byTime !== 0) return byTime > 0 ? 0 : 1;
  if (ra.oid !== rb.oid) return ra.oid > rb.oid ? 0 : 1;
  return a >= b ? 0 : 1;
}

/**
 * Which side to keep when both changed an entry since the merge base, differently: 0 for the
 * first, 1 for the second; `undefined` is a side that deleted it. Keeping data is the safer
 * mistake for a cache, and "changed beats deleted" needs no clock: a gc or `rm` on one machine
 * loses to a put (or any rewrite) of the same key on another.
 */
export function mergeEntry(a: EntryVersion | undefined, b: EntryVersion | undefined): 0 | 1 {
  if (!a) return 1;
  if (!b) return 0;
  if (a.meta === b.meta && a.id !== undefined && b.id !== undefined && a.id !== b.id) return a.id > b.id ? 0 : 1;
  return winner(a.meta, b.meta);
}

/** `entries/<aa>/<rest of the id>`: an entry's directory, the unit of a merge. */
export function isEntryDir(path: string): boolean {
  return /^entries\/[0-9a-f]{2}\/[0-9a-f]+$/.test(path);
}

/** `entries/<aa>/<id>/meta.json` or `…/value` → the entry's directory and which file it is. */
export function entryFile(path: string): { dir: string; file: 'meta.json' | 'value' } | undefined {
  const match = /^(entries\/[0-9a-f]{2}\/[0-9a-f]+)\/(meta\.json|value)$/.exec(path);
  if (!match) return undefined;
  return { dir: match[1]!, file: match[2] as 'meta.json' | 'value' };
}
