// The metadata file of one cache entry: what `show` prints and what `get` needs to find the
// value's bytes. Written as sorted, indented JSON so diffs and `git log -p` read well.

import { XetcacheError } from '../errors.js';
import { PROJECT_FORMAT_VERSION } from './layout.js';

export interface EntryMeta {
  key: string;
  serializer: string;
  size: number;
  /** git-LFS oid: `sha256:` + 64 hex. */
  oid: string;
  /** Xet file hash, 64 hex. */
  xetHash: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601, or null for no expiry. */
  expiresAt: string | null;
  /** Who wrote it: `user@host`. */
  producer: string;
  /** How long computing the value took, when a memoised function produced it. */
  computeMs: number | null;
  /** The caller's own fields. */
  metadata: Record<string, unknown>;
  /** For memo entries: the parts of the key, so a miss can be explained. */
  memo?: { fnName: string; fnHash: string; version: string; argHashes: string[]; argNames?: string[] };
}

const OID = /^sha256:[0-9a-f]{64}$/;
const HEX64 = /^[0-9a-f]{64}$/;

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

export function encodeEntry(meta: EntryMeta): string {
  return JSON.stringify(sortKeys({ format: PROJECT_FORMAT_VERSION, ...meta }), null, 2) + '\n';
}

function bad(path: string, what: string): never {
  throw new XetcacheError('EBADENTRY', `entry ${path} is damaged: ${what}`, { path });
}

const isDate = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));

/** Parse and check a metadata file; `path` only names it in errors. */
export function decodeEntry(text: string, path: string): EntryMeta {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    bad(path, 'not JSON');
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) bad(path, 'not a JSON object');
  const m = raw as Record<string, unknown>;
  if (m.format !== PROJECT_FORMAT_VERSION) {
    bad(path, `format ${JSON.stringify(m.format)} is not ${PROJECT_FORMAT_VERSION}; a newer xetcache may have written it`);
  }
  if (typeof m.key !== 'string') bad(path, '"key" is not a string');
  if (typeof m.serializer !== 'string' || !m.serializer) bad(path, '"serializer" is missing');
  if (typeof m.size !== 'number' || !Number.isSafeInteger(m.size) || m.size < 0) bad(path, '"size" is not a byte count');
  if (typeof m.oid !== 'string' || !OID.test(m.oid)) bad(path, '"oid" is not sha256:<64 hex>');
  if (typeof m.xetHash !== 'string' || !HEX64.test(m.xetHash)) bad(path, '"xetHash" is not 64 hex');
  if (!isDate(m.createdAt)) bad(path, '"createdAt" is not a date');
  if (m.expiresAt !== null && !isDate(m.expiresAt)) bad(path, '"expiresAt" is neither a date nor null');
  if (typeof m.producer !== 'string') bad(path, '"producer" is not a string');
  if (m.computeMs !== null && typeof m.computeMs !== 'number') bad(path, '"computeMs" is not a number');
  if (!m.metadata || typeof m.metadata !== 'object' || Array.isArray(m.metadata)) bad(path, '"metadata" is not an object');
  const meta: EntryMeta = {
    key: m.key,
    serializer: m.serializer,
    size: m.size,
    oid: m.oid,
    xetHash: m.xetHash,
    createdAt: m.createdAt,
    expiresAt: m.expiresAt as string | null,
    producer: m.producer,
    computeMs: m.computeMs as number | null,
    metadata: m.metadata as Record<string, unknown>,
  };
  if (m.memo !== undefined) {
    const memo = m.memo as EntryMeta['memo'];
    if (
      !memo ||
      typeof memo.fnName !== 'string' ||
      typeof memo.fnHash !== 'string' ||
      typeof memo.version !== 'string' ||
      !Array.isArray(memo.argHashes) ||
      !memo.argHashes.every((h) => typeof h === 'string') ||
      (memo.argNames !== undefined && (!Array.isArray(memo.argNames) || !memo.argNames.every((n) => typeof n === 'string')))
    ) {
      bad(path, '"memo" is malformed');
    }
    meta.memo = memo;
  }
  return meta;
}

export function isExpired(meta: EntryMeta, now: number): boolean {
  return meta.expiresAt !== null && Date.parse(meta.expiresAt) <= now;
}
