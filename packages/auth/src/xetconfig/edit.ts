// Change a few keys of ~/.xetconfig and keep everything else: the edit is made on the text, so
// comments, order and keys xetcache does not know stay as they were. The result is parsed back
// and compared with the intended data; when a construct defeats the line edit (a dotted key, an
// inline table, a multi-line value), the file is rewritten whole from the data instead, which
// still keeps every table and key (comments aside).

import { parse, stringify, type TomlTable } from 'smol-toml';
import { AuthError } from '../errors.js';
import { PARSE_OPTIONS } from './parse.js';
import { isTable } from './select.js';
import { classify, samePath, tomlKey, tomlPath, tomlString } from './toml-lines.js';

export interface TableEdit {
  /** The table's path; [] is the top level. */
  table: string[];
  set?: Record<string, string>;
  /** Keys to delete; a table left with nothing in it is deleted too. */
  remove?: string[];
}

function applyToData(root: TomlTable, edit: TableEdit): void {
  let node = root;
  const parents: TomlTable[] = [];
  for (const key of edit.table) {
    let next = node[key];
    if (next === undefined) {
      if (!edit.set) return;
      next = Object.create(null) as TomlTable;
      node[key] = next;
    }
    if (!isTable(next)) {
      throw new AuthError('ECONFIG', `cannot update ${tomlPath(edit.table)} in ~/.xetconfig: "${key}" is not a table there`);
    }
    parents.push(node);
    node = next;
  }
  for (const [k, v] of Object.entries(edit.set ?? {})) node[k] = v;
  for (const k of edit.remove ?? []) delete node[k];
  const parent = parents.at(-1);
  const last = edit.table.at(-1);
  if (edit.remove && parent && last !== undefined && Object.keys(node).length === 0) delete parent[last];
}

/** The section of a table: the line range after its header (or the top of the file). */
function section(lines: string[], table: string[]): { header: number; end: number } | undefined {
  let header = table.length === 0 ? -1 : undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = classify(lines[i] ?? '');
    if (line.kind !== 'header' && line.kind !== 'array-header') continue;
    if (header !== undefined) return { header, end: i };
    if (line.kind === 'header' && samePath(line.path, table)) header = i;
  }
  return header === undefined ? undefined : { header, end: lines.length };
}

const keyLine = (lines: string[], from: number, to: number, key: string): number => {
  for (let i = from; i < to; i++) {
    const line = classify(lines[i] ?? '');
    if (line.kind === 'key' && samePath(line.path, [key])) return i;
  }
  return -1;
};

function setInText(lines: string[], table: string[], values: Record<string, string>): void {
  const entries = Object.entries(values);
  if (entries.length === 0) return;
  if (!section(lines, table)) {
    // A new table at the end, before the final newline.
    const at = lines.at(-1) === '' ? lines.length - 1 : lines.length;
    const block = [`[${tomlPath(table)}]`, ...entries.map(([k, v]) => `${tomlKey(k)} = ${tomlString(v)}`)];
    if (at > 0 && (lines[at - 1] ?? '').trim() !== '') block.unshift('');
    lines.splice(at, 0, ...block, ...(at === lines.length ? [''] : []));
    return;
  }
  for (const [k, v] of entries) {
    const { header, end } = section(lines, table)!;
    const text = `${tomlKey(k)} = ${tomlString(v)}`;
    const found = keyLine(lines, header + 1, end, k);
    if (found >= 0) {
      const indent = /^\s*/.exec(lines[found] ?? '')?.[0] ?? '';
      lines[found] = indent + text;
      continue;
    }
    let last = -1;
    for (let i = header + 1; i < end; i++) if (classify(lines[i] ?? '').kind !== 'blank') last = i;
    if (last >= 0) lines.splice(last + 1, 0, text);
    else if (header >= 0) lines.splice(header + 1, 0, text);
    else lines.splice(0, 0, ...(classify(lines[0] ?? '').kind === 'header' ? [text, ''] : [text]));
  }
}

function removeInText(lines: string[], table: string[], keys: string[]): void {
  const found = section(lines, table);
  if (!found) return;
  const { header, end } = found;
  let remaining = 0;
  for (let i = end - 1; i > header; i--) {
    const line = classify(lines[i] ?? '');
    if (line.kind === 'key' && line.path.length === 1 && keys.includes(line.path[0]!)) lines.splice(i, 1);
    else if (line.kind !== 'blank') remaining++;
  }
  const hasSubtables = lines.some((l) => {
    const line = classify(l);
    return line.kind === 'header' && line.path.length > table.length && samePath(line.path.slice(0, table.length), table);
  });
  if (header >= 0 && remaining === 0 && !hasSubtables) {
    lines.splice(header, 1);
    // Take the blank line that separated the table along, so no double blank is left.
    const before = lines[header - 1];
    const after = lines[header];
    if (before !== undefined && before.trim() === '' && (after === undefined || after.trim() === '')) lines.splice(header - 1, 1);
  }
}

/** Deep equality of parsed TOML: tables, arrays, dates (by their TOML text) and scalars. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.toISOString() === b.toISOString();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  if (isTable(a) || isTable(b)) {
    if (!isTable(a) || !isTable(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return Object.is(a, b);
}

/** The text of `text` with the edits made; `text` must be valid TOML. */
export function editXetconfig(text: string, edits: TableEdit[]): string {
  const expected = parse(text, PARSE_OPTIONS);
  for (const edit of edits) applyToData(expected, edit);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // An empty file is one empty line, so what is added ends with a newline.
  const lines = text.split(/\r?\n/);
  for (const edit of edits) {
    if (edit.set) setInText(lines, edit.table, edit.set);
    if (edit.remove) removeInText(lines, edit.table, edit.remove);
  }
  const edited = lines.join(eol);
  try {
    if (sameValue(parse(edited, PARSE_OPTIONS), expected)) return edited;
  } catch {
    // The line edit broke the file: fall through to the rewrite.
  }
  return stringify(expected, { numbersAsFloat: true });
}
