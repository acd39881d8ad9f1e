// The EUNKEYABLE error: says which argument, where inside it, and what the caller can do.

import { XetcacheError } from '../../errors.js';

/** Where a value being keyed came from, worked out only when an error needs it. */
export interface Origin {
  /** "argument 2", "input \"df\"", "value". */
  label: string;
  /** The name the path starts from, when known (a parameter or input name). */
  root?: string | undefined;
  /** What the caller can do instead, e.g. "pass `key` to memo() to key this call yourself". */
  hint?: string;
  /** Merged into the error's data. */
  data?: Record<string, unknown>;
}

/** One step into a value: a property name, an array index, or a step into a Map or Set. */
export type Segment =
  | string
  | number
  | { mapKey: number }
  | { mapValue: unknown; index: number }
  | { setElement: number };

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function formatSegment(s: Segment): string {
  if (typeof s === 'number') return `[${s}]`;
  if (typeof s === 'string') return IDENTIFIER.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
  if ('mapKey' in s) return `{key #${s.mapKey}}`;
  if ('setElement' in s) return `{element #${s.setElement}}`;
  const k = s.mapValue;
  if (typeof k === 'string') return `.get(${JSON.stringify(k)})`;
  if (typeof k === 'number' || typeof k === 'boolean' || k === null || k === undefined) return `.get(${String(k)})`;
  if (typeof k === 'bigint') return `.get(${k}n)`;
  return `{value #${s.index}}`;
}

/** The path as written in messages: `options.callback`, or `.callback` when the root is unnamed. */
export function formatPath(origin: Origin, path: readonly Segment[]): string {
  return (origin.root ?? '') + path.map(formatSegment).join('');
}

export function describe(origin: Origin, path: readonly Segment[]): string {
  const at = formatPath(origin, path);
  return at ? `${origin.label} (${at})` : origin.label;
}

export function unkeyable(origin: Origin, path: readonly Segment[], what: string, kind: string): XetcacheError {
  const hint = origin.hint ? `; ${origin.hint}` : '';
  return new XetcacheError('EUNKEYABLE', `${describe(origin, path)} ${what}${hint}`, {
    ...origin.data,
    path: formatPath(origin, path),
    kind,
  });
}

export const MEMO_HINT = 'pass `key` to memo() to key this call yourself';
export const BLOCK_HINT = 'pass `key` to memoBlock() to key this block yourself';
