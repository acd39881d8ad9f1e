// The LFS URL named in git configuration text such as a committed `.lfsconfig` (git config
// syntax), in git-lfs's order: for uploads lfs.pushurl, then lfs.url, then for the remote
// remote.<name>.lfspushurl (uploads) and remote.<name>.lfsurl.

import type { LfsOperation } from './types.js';

export interface LfsConfigOptions {
  /** Default 'origin'. */
  remote?: string;
  /** Default 'download'. */
  operation?: LfsOperation;
}

function unquote(raw: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '"') quoted = !quoted;
    else if (c === '\\' && i + 1 < raw.length) {
      const n = raw[++i]!;
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n;
    } else if (!quoted && (c === '#' || c === ';')) break;
    else out += c;
  }
  return out.trim();
}

/** `section.sub.key` (section and key in lower case, the subsection as written) → last value. */
export function parseGitConfig(text: string): Map<string, string> {
  const values = new Map<string, string>();
  let section = '';
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
    if (header) {
      section = header[2] === undefined ? header[1]!.toLowerCase() : `${header[1]!.toLowerCase()}.${header[2].replace(/\\(.)/g, '$1')}`;
      continue;
    }
    const entry = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=\s*(.*))?$/.exec(line);
    if (!entry || !section) continue;
    values.set(`${section}.${entry[1]!.toLowerCase()}`, entry[2] === undefined ? 'true' : unquote(entry[2]));
  }
  return values;
}

export function lfsUrlFromConfig(text: string, { remote = 'origin', operation = 'download' }: LfsConfigOptions = {}): string | undefined {
  const config = parseGitConfig(text);
  const keys = [
    ...(operation === 'upload' ? ['lfs.pushurl'] : []),
    'lfs.url',
    ...(operation === 'upload' ? [`remote.${remote}.lfspushurl`] : []),
    `remote.${remote}.lfsurl`,
  ];
  for (const key of keys) {
    const value = config.get(key);
    if (value) return value;
  }
  return undefined;
}
