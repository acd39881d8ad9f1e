// The readable key string: memo/<name>/<first 16 hex of the function hash>/<call hash>. The name
// and short hash group one function's entries; the 64-hex call hash alone identifies the entry.

const UNSAFE = /[^A-Za-z0-9_.-]/g;
const MAX_NAME = 64;

/** `name` restricted to [A-Za-z0-9_.-], never `.` or `..`, `fallback` when empty. */
export function safeName(name: string, fallback: string): string {
  const safe = name.replace(UNSAFE, '_').slice(0, MAX_NAME).replace(/^\./, '_');
  return safe || fallback;
}

export function keyPath(fnName: string, fnHash: string, callHash: string): string {
  return `memo/${fnName}/${fnHash.slice(0, 16)}/${callHash}`;
}
