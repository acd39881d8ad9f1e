// Why a call missed the cache, from the parts of its key and of the last entry for the function.

import type { MemoKeyParts } from './memo-key.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "1", "1 and 3", "1, 3 and 4". */
function list(items: readonly string[]): string {
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function changed(noun: string, which: readonly string[]): string[] {
  if (which.length === 0) return [];
  return [`${which.length === 1 ? noun : `${noun}s`} ${list(which)} changed`];
}

function inputChanges(now: MemoKeyParts, previous: MemoKeyParts): string[] {
  const nowNames = now.argNames ?? [];
  const before = new Map((previous.argNames ?? []).map((n, i) => [n, previous.argHashes[i]]));
  const reasons: string[] = [];
  const added = nowNames.filter((n) => !before.has(n));
  const removed = [...before.keys()].filter((n) => !nowNames.includes(n));
  if (added.length) reasons.push(`${added.length === 1 ? 'input' : 'inputs'} ${list(added)} added`);
  if (removed.length) reasons.push(`${removed.length === 1 ? 'input' : 'inputs'} ${list(removed)} removed`);
  const differ = nowNames.filter((n, i) => before.has(n) && before.get(n) !== now.argHashes[i]);
  return [...reasons, ...changed('input', differ)];
}

function argumentChanges(now: MemoKeyParts, previous: MemoKeyParts): string[] {
  if (now.argHashes.length !== previous.argHashes.length) {
    return [`called with ${plural(now.argHashes.length, 'argument')}, last time ${previous.argHashes.length}`];
  }
  const differ = now.argHashes.flatMap((h, i) => (h === previous.argHashes[i] ? [] : [String(i + 1)]));
  return changed('argument', differ);
}

const shown = (version: string) => (version === '' ? '(none)' : version);

/**
 * One sentence on what changed since `previous`, the last entry stored for the same function,
 * e.g. "version changed from 1 to 2; argument 2 changed".
 */
export function explainMiss(now: MemoKeyParts, previous: MemoKeyParts | undefined): string {
  if (!previous) return 'no earlier entry for this function';
  const reasons: string[] = [];
  if (now.version !== previous.version) {
    reasons.push(`version changed from ${shown(previous.version)} to ${shown(now.version)}`);
  }
  // The name is part of the function hash, so a rename alone also changes the hash.
  if (now.fnName !== previous.fnName) {
    reasons.push(`the function's name changed from ${previous.fnName} to ${now.fnName}`);
  } else if (now.fnHash !== previous.fnHash) {
    reasons.push("the function's source changed");
  }
  if (now.argNames || previous.argNames) reasons.push(...inputChanges(now, previous));
  else reasons.push(...argumentChanges(now, previous));
  if (reasons.length === 0) return 'nothing changed since the last entry; it may have expired or been deleted';
  return reasons.join('; ');
}
