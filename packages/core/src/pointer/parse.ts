import { XetcacheError } from '../errors.js';
import { encodePointer } from './encode.js';
import {
  EMPTY_CONTENT_OID,
  MAX_POINTER_SIZE,
  POINTER_VERSION_URL,
  assertPointerOid,
  quote,
  type LfsPointer,
} from './pointer.js';

// Older URLs git-lfs still reads but never writes; named in errors so the fix is obvious.
const LEGACY_VERSION_URLS = ['http://git-media.io/v/2', 'https://hawser.github.com/spec/v1'];

// Keys allowed after `version`, in the order the spec requires (ascending).
const BODY_KEYS = ['oid', 'size'] as const;

const KEY_PATTERN = /^[a-z0-9.-]+$/;
// Pointer extensions: `ext-<priority>-<name>` (they sort before `oid`).
const EXTENSION_KEY_PATTERN = /^ext-\d+-/;

// `fatal` so invalid UTF-8 is reported rather than replaced; `ignoreBOM` keeps a BOM visible to the checks.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function fail(message: string, data: Record<string, unknown> = {}): never {
  throw new XetcacheError('EBADPOINTER', `pointer: ${message}`, data);
}

/**
 * Parses a pointer, accepting only the canonical encoding written by
 * `encodePointer` (and git-lfs), i.e. what `git lfs pointer --check --strict`
 * accepts, minus pointer extensions. The empty input is the pointer of
 * zero-length content, as in git-lfs.
 *
 * Throws XetcacheError('EBADPOINTER') naming the first problem found.
 */
export function parsePointer(input: string | Uint8Array): LfsPointer {
  const text = toText(input);
  if (text === '') return { oid: EMPTY_CONTENT_OID, size: 0 };

  if (text.charCodeAt(0) === 0xfeff) fail('starts with a byte order mark');
  if (text.includes('\r\n')) fail('CRLF line endings');
  if (text.includes('\r')) fail('contains a carriage return');
  if (!text.endsWith('\n')) fail('missing trailing newline');

  const lines = text.slice(0, -1).split('\n').map(splitLine);
  const [first, ...body] = lines;
  if (first?.key !== 'version') {
    if (lines.some((l) => l.key === 'version')) fail('version must be the first line');
    fail('missing version line');
  }
  checkVersion(first.value);

  const values = new Map<string, string>();
  let previous = '';
  for (const { key, value, lineNo } of body) {
    if (key === 'version' || values.has(key)) fail(`duplicate key ${quote(key)}`, { key, line: lineNo });
    if (EXTENSION_KEY_PATTERN.test(key)) {
      fail(`extensions not supported (line ${lineNo}: ${quote(key)})`, { key, line: lineNo });
    }
    if (!(BODY_KEYS as readonly string[]).includes(key)) fail(`unknown key ${quote(key)}`, { key, line: lineNo });
    if (key < previous) fail(`keys out of order: ${quote(key)} after ${quote(previous)}`, { key, line: lineNo });
    values.set(key, value);
    previous = key;
  }

  const oid = values.get('oid');
  if (oid === undefined) fail('missing oid line');
  const sizeText = values.get('size');
  if (sizeText === undefined) fail('missing size line');

  assertPointerOid(oid);
  const pointer: LfsPointer = { oid, size: parseSize(sizeText) };
  if (pointer.size === 0) {
    fail('size 0 must be encoded as the empty file, not as a version/oid/size text');
  }
  // The checks above should already imply this; the round trip guarantees the
  // parser never accepts a text that encodes differently.
  if (encodePointer(pointer) !== text) fail('not in canonical form');
  return pointer;
}

/** True when `input` is a canonical pointer that `parsePointer` accepts. */
export function isPointer(input: string | Uint8Array): boolean {
  try {
    parsePointer(input);
    return true;
  } catch (err) {
    if (err instanceof XetcacheError && err.code === 'EBADPOINTER') return false;
    throw err;
  }
}

function toText(input: string | Uint8Array): string {
  if (typeof input === 'string') {
    // UTF-8 never takes fewer bytes than UTF-16 code units, so a long string is rejected without encoding it.
    const byteLength = input.length >= MAX_POINTER_SIZE ? input.length : encoder.encode(input).length;
    checkByteLength(byteLength, input.length >= MAX_POINTER_SIZE);
    if (LONE_SURROGATE.test(input)) fail('not valid UTF-8 (lone surrogate)');
    return input;
  }
  // Checked on the raw bytes first so oversized content is never decoded.
  checkByteLength(input.length, false);
  try {
    return utf8.decode(input);
  } catch {
    return fail('not valid UTF-8');
  }
}

function checkByteLength(byteLength: number, atLeast: boolean): void {
  if (byteLength >= MAX_POINTER_SIZE) {
    const got = atLeast ? `at least ${byteLength}` : `${byteLength}`;
    fail(`larger than ${MAX_POINTER_SIZE - 1} bytes (got ${got}; must be under ${MAX_POINTER_SIZE})`, { byteLength });
  }
}

interface Line {
  key: string;
  value: string;
  lineNo: number;
}

// Enforces the line grammar `{key} {value}`: one space, spec key charset, no padding.
function splitLine(line: string, index: number): Line {
  const lineNo = index + 1;
  if (line === '') fail(`empty line ${lineNo}`, { line: lineNo });
  const space = line.indexOf(' ');
  if (space === -1) fail(`line ${lineNo} has no space between key and value: ${quote(line)}`, { line: lineNo });
  const key = line.slice(0, space);
  const value = line.slice(space + 1);
  if (key === '') fail(`line ${lineNo} starts with a space`, { line: lineNo });
  if (!KEY_PATTERN.test(key)) {
    fail(`invalid key ${quote(key)} on line ${lineNo} (keys use only a-z 0-9 . -)`, { key, line: lineNo });
  }
  if (/^\s/.test(value)) fail(`more than one space after key ${quote(key)} on line ${lineNo}`, { key, line: lineNo });
  if (/\s$/.test(value)) fail(`trailing whitespace on line ${lineNo}`, { key, line: lineNo });
  return { key, value, lineNo };
}

function checkVersion(version: string): void {
  if (version === POINTER_VERSION_URL) return;
  if (LEGACY_VERSION_URLS.includes(version)) {
    fail(`legacy version ${quote(version)} is not canonical (expected ${POINTER_VERSION_URL})`, { version });
  }
  fail(`unknown version ${quote(version)}`, { version });
}

function parseSize(text: string): number {
  if (!/^\d+$/.test(text)) fail(`size is not a non-negative integer: ${quote(text)}`, { size: text });
  if (text.length > 1 && text.startsWith('0')) fail(`size has leading zeros: ${quote(text)}`, { size: text });
  const size = Number(text);
  if (!Number.isSafeInteger(size)) {
    fail(`size ${text} exceeds ${Number.MAX_SAFE_INTEGER}, the largest supported`, { size: text });
  }
  return size;
}
