// Just enough of TOML's line structure to edit a file in place: table headers, `key = value`
// lines and how keys and strings are written. Anything subtler (multi-line values, dotted or
// inline tables) is left to the caller's verification, which falls back to a full rewrite.

/** Parse a (possibly dotted, possibly quoted) key at the start of `s`. */
function readKey(s: string): { path: string[]; rest: string } | undefined {
  const path: string[] = [];
  let i = 0;
  for (;;) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    const c = s[i];
    if (c === '"') {
      let j = i + 1;
      // Find the closing quote, skipping escaped ones.
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      if (j >= s.length) return undefined;
      try {
        path.push(JSON.parse(s.slice(i, j + 1)) as string);
      } catch {
        return undefined;
      }
      i = j + 1;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) return undefined;
      path.push(s.slice(i + 1, end));
      i = end + 1;
    } else {
      const bare = /^[A-Za-z0-9_-]+/.exec(s.slice(i));
      if (!bare) return undefined;
      path.push(bare[0]);
      i += bare[0].length;
    }
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (s[i] !== '.') return { path, rest: s.slice(i) };
    i++;
  }
}

export type LineKind =
  | { kind: 'header'; path: string[] }
  | { kind: 'array-header' } // [[...]]: ends a section, never edited
  | { kind: 'key'; path: string[] }
  | { kind: 'blank' } // empty or a comment
  | { kind: 'other' }; // the continuation of a multi-line value, or something unexpected

export function classify(line: string): LineKind {
  const t = line.trim();
  if (t === '' || t.startsWith('#')) return { kind: 'blank' };
  if (t.startsWith('[[')) return { kind: 'array-header' };
  if (t.startsWith('[')) {
    const key = readKey(t.slice(1));
    if (key && /^\]\s*(#.*)?$/.test(key.rest)) return { kind: 'header', path: key.path };
    return { kind: 'other' };
  }
  const key = readKey(t);
  if (key && key.rest.startsWith('=')) return { kind: 'key', path: key.path };
  return { kind: 'other' };
}

/** A TOML basic string; control characters escaped, as TOML requires. */
export function tomlString(value: string): string {
  const escaped = value.replace(/[\\"\u0000-\u001f\u007f]/g, (c) =>
    c === '\\' ? '\\\\' : c === '"' ? '\\"' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `"${escaped}"`;
}

export const tomlKey = (key: string): string => (/^[A-Za-z0-9_-]+$/.test(key) ? key : tomlString(key));

export const tomlPath = (path: string[]): string => path.map(tomlKey).join('.');

export const samePath = (a: string[], b: string[]): boolean => a.length === b.length && a.every((k, i) => k === b[i]);
