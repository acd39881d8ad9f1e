import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XetcacheError } from '../errors.js';
import { encodePointer } from './encode.js';
import { isPointer, parsePointer } from './parse.js';
import { EMPTY_CONTENT_OID, MAX_POINTER_SIZE, POINTER_VERSION_URL, type LfsPointer } from './pointer.js';

const SPEC_OID = 'sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393';
const HEX = SPEC_OID.slice('sha256:'.length);
const V = `version ${POINTER_VERSION_URL}\n`;
const O = `oid ${SPEC_OID}\n`;

function sha256Oid(data: Uint8Array | string): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

/** Asserts that `fn` throws EBADPOINTER with exactly `message`. */
function throwsBadPointer(fn: () => unknown, message: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof XetcacheError, `expected XetcacheError, got ${String(err)}`);
    assert.equal(err.code, 'EBADPOINTER');
    assert.equal(err.message, message);
    return true;
  });
}

describe('encodePointer', () => {
  test('golden text for the spec example', () => {
    assert.equal(
      encodePointer({ oid: SPEC_OID, size: 12345 }),
      'version https://git-lfs.github.com/spec/v1\n' +
        'oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n' +
        'size 12345\n',
    );
  });

  test('zero-length content encodes as the empty file, as git-lfs does', () => {
    assert.equal(EMPTY_CONTENT_OID, sha256Oid(''));
    assert.equal(encodePointer({ oid: EMPTY_CONTENT_OID, size: 0 }), '');
  });

  test('rejects a bad oid', () => {
    const cases: Array<[string, string]> = [
      [HEX, `'${HEX}'`],
      ['sha256:ABC', "'sha256:ABC'"],
      ['sha256:' + HEX.toUpperCase(), `'sha256:${HEX.toUpperCase()}'`],
      ['sha256:' + HEX.slice(1), `'sha256:${HEX.slice(1)}'`],
      ['sha256:' + HEX + '0', `'sha256:${HEX}0'`],
      ['sha1:' + HEX, `'sha1:${HEX}'`],
      [' ' + SPEC_OID, `' ${SPEC_OID}'`],
      [SPEC_OID + '\n', `'${SPEC_OID}\\n'`],
    ];
    for (const [oid, shown] of cases) {
      throwsBadPointer(
        () => encodePointer({ oid, size: 1 }),
        `pointer: oid must be sha256:<64 lowercase hex>, got ${shown}`,
      );
    }
  });

  test('rejects a size that is not a non-negative safe integer', () => {
    for (const size of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      throwsBadPointer(
        () => encodePointer({ oid: SPEC_OID, size }),
        `pointer: size is not a non-negative safe integer: ${String(size)}`,
      );
    }
    throwsBadPointer(
      () => encodePointer({ oid: SPEC_OID, size: '5' as unknown as number }),
      `pointer: size is not a non-negative safe integer: '5'`,
    );
  });

  test('rejects size 0 with an oid other than the empty-content one', () => {
    throwsBadPointer(
      () => encodePointer({ oid: SPEC_OID, size: 0 }),
      `pointer: size 0 requires oid ${EMPTY_CONTENT_OID}, got '${SPEC_OID}'`,
    );
  });
});

describe('parsePointer', () => {
  const samples: LfsPointer[] = [
    { oid: EMPTY_CONTENT_OID, size: 0 },
    { oid: SPEC_OID, size: 1 },
    { oid: sha256Oid('hello'), size: 5 },
    { oid: sha256Oid('x'), size: 3_000_000 },
    { oid: sha256Oid('y'), size: 2 ** 40 },
    { oid: sha256Oid('z'), size: Number.MAX_SAFE_INTEGER },
  ];

  test('round-trips strings and bytes', () => {
    for (const p of samples) {
      const text = encodePointer(p);
      assert.deepEqual(parsePointer(text), p);
      assert.deepEqual(parsePointer(new TextEncoder().encode(text)), p);
      assert.equal(encodePointer(parsePointer(text)), text);
      assert.equal(isPointer(text), true);
    }
  });

  test('parses the golden spec example', () => {
    assert.deepEqual(parsePointer(`${V}${O}size 12345\n`), { oid: SPEC_OID, size: 12345 });
  });

  test('the empty file is the pointer of zero-length content', () => {
    assert.deepEqual(parsePointer(''), { oid: EMPTY_CONTENT_OID, size: 0 });
    assert.deepEqual(parsePointer(new Uint8Array(0)), { oid: EMPTY_CONTENT_OID, size: 0 });
  });

  const EMPTY_3LINE = `${V}oid ${EMPTY_CONTENT_OID}\nsize 0\n`;
  const malformed: Array<[string, string | Uint8Array, string]> = [
    ['no version line', `${O}size 1\n`, 'pointer: missing version line'],
    ['version not first', `${O}${V}size 1\n`, 'pointer: version must be the first line'],
    ['unknown version', `version x\n${O}size 1\n`, "pointer: unknown version 'x'"],
    [
      'version differs in case',
      `version https://git-lfs.github.com/spec/V1\n${O}size 1\n`,
      "pointer: unknown version 'https://git-lfs.github.com/spec/V1'",
    ],
    [
      'legacy version',
      `version https://hawser.github.com/spec/v1\n${O}size 1\n`,
      "pointer: legacy version 'https://hawser.github.com/spec/v1' is not canonical " +
        '(expected https://git-lfs.github.com/spec/v1)',
    ],
    [
      'uppercase oid',
      `${V}oid sha256:ABC\nsize 1\n`,
      "pointer: oid must be sha256:<64 lowercase hex>, got 'sha256:ABC'",
    ],
    [
      'oid of another hash',
      `${V}oid sha1:${HEX.slice(0, 40)}\nsize 1\n`,
      `pointer: oid must be sha256:<64 lowercase hex>, got 'sha1:${HEX.slice(0, 40)}'`,
    ],
    [
      'oid without method',
      `${V}oid ${HEX}\nsize 1\n`,
      `pointer: oid must be sha256:<64 lowercase hex>, got '${HEX}'`,
    ],
    ['negative size', `${V}${O}size -1\n`, "pointer: size is not a non-negative integer: '-1'"],
    ['signed size', `${V}${O}size +1\n`, "pointer: size is not a non-negative integer: '+1'"],
    ['fractional size', `${V}${O}size 1.5\n`, "pointer: size is not a non-negative integer: '1.5'"],
    ['hex size', `${V}${O}size 0x10\n`, "pointer: size is not a non-negative integer: '0x10'"],
    ['size with leading zeros', `${V}${O}size 012345\n`, "pointer: size has leading zeros: '012345'"],
    [
      'size beyond 2^53-1',
      `${V}${O}size 9007199254740992\n`,
      'pointer: size 9007199254740992 exceeds 9007199254740991, the largest supported',
    ],
    [
      'size 0 as three lines',
      EMPTY_3LINE,
      'pointer: size 0 must be encoded as the empty file, not as a version/oid/size text',
    ],
    ['keys out of order', `${V}size 1\n${O}`, "pointer: keys out of order: 'oid' after 'size'"],
    ['duplicate oid', `${V}${O}${O}size 1\n`, "pointer: duplicate key 'oid'"],
    ['duplicate version', `${V}${V}${O}size 1\n`, "pointer: duplicate key 'version'"],
    ['unknown key', `${V}foo bar\n${O}size 1\n`, "pointer: unknown key 'foo'"],
    ['unknown key at end', `${V}${O}size 1\nzzz 1\n`, "pointer: unknown key 'zzz'"],
    [
      'extension',
      `${V}ext-0-foo sha256:${HEX}\n${O}size 1\n`,
      "pointer: extensions not supported (line 2: 'ext-0-foo')",
    ],
    ['missing oid', `${V}size 1\n`, 'pointer: missing oid line'],
    ['missing size', `${V}${O}`, 'pointer: missing size line'],
    ['missing trailing newline', `${V}${O}size 1`, 'pointer: missing trailing newline'],
    ['CRLF', `${V}${O}size 1\n`.replace(/\n/g, '\r\n'), 'pointer: CRLF line endings'],
    ['lone CR', `${V}${O}size 1\r`, 'pointer: contains a carriage return'],
    ['blank line at end', `${V}${O}size 1\n\n`, 'pointer: empty line 4'],
    ['blank line inside', `${V}\n${O}size 1\n`, 'pointer: empty line 2'],
    ['only a newline', '\n', 'pointer: empty line 1'],
    ['two spaces', `${V}oid  ${SPEC_OID}\nsize 1\n`, "pointer: more than one space after key 'oid' on line 2"],
    [
      'tab separator',
      `${V}oid\t${SPEC_OID}\nsize 1\n`,
      `pointer: line 2 has no space between key and value: 'oid\\t${SPEC_OID}'`,
    ],
    ['trailing space', `${V}${O}size 1 \n`, 'pointer: trailing whitespace on line 3'],
    ['leading space', ` ${V}${O}size 1\n`, 'pointer: line 1 starts with a space'],
    [
      'uppercase key',
      `${V}OID ${SPEC_OID}\nsize 1\n`,
      "pointer: invalid key 'OID' on line 2 (keys use only a-z 0-9 . -)",
    ],
    ['BOM', `\uFEFF${V}${O}size 1\n`, 'pointer: starts with a byte order mark'],
    ['invalid UTF-8', Uint8Array.from([...new TextEncoder().encode(V), 0xff, 0x0a]), 'pointer: not valid UTF-8'],
    ['lone surrogate', `${V}${O}size 1\n\uD800`, 'pointer: not valid UTF-8 (lone surrogate)'],
    [
      'oversized text',
      `${V}${O}size 1\n`.padEnd(MAX_POINTER_SIZE, 'x'),
      'pointer: larger than 1023 bytes (got at least 1024; must be under 1024)',
    ],
    [
      'oversized bytes',
      new Uint8Array(MAX_POINTER_SIZE),
      'pointer: larger than 1023 bytes (got 1024; must be under 1024)',
    ],
    [
      // 1022 UTF-16 units but 1024 UTF-8 bytes: the limit is on bytes.
      'oversized once UTF-8 encoded',
      `${V}${O}size 1\n`.padEnd(1020, 'x') + 'éé',
      'pointer: larger than 1023 bytes (got 1024; must be under 1024)',
    ],
    ['non-pointer content', 'hello world\n', "pointer: missing version line"],
  ];

  for (const [name, input, message] of malformed) {
    test(`rejects: ${name}`, () => {
      throwsBadPointer(() => parsePointer(input), message);
      assert.equal(isPointer(input), false);
    });
  }
});

// Runs the reference implementation; a temp HOME keeps the user's git config out.
function run(args: string[], cwd: string): Promise<{ code: number; stdout: string }> {
  const env = { PATH: process.env.PATH ?? '', HOME: cwd, XDG_CONFIG_HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' };
  return new Promise((resolve) => {
    execFile('git', args, { cwd, env, encoding: 'utf8' }, (err, stdout) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout });
    });
  });
}

const hasGitLfs = (await run(['lfs', 'version'], tmpdir())).code === 0;

describe('interoperability with git-lfs', () => {
  let dir = '';

  async function checkStrict(name: string, text: string): Promise<number> {
    const path = join(dir, name);
    await writeFile(path, text);
    return (await run(['lfs', 'pointer', '--check', '--strict', `--file=${path}`], dir)).code;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xetcache-pointer-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('stock git-lfs is installed (CI installs it)', () => {
    assert.ok(hasGitLfs, 'git-lfs must be on PATH: apt-get install git-lfs');
  });

  test('git lfs pointer --check --strict accepts every encoded pointer', async () => {
    const pointers: LfsPointer[] = [
      { oid: EMPTY_CONTENT_OID, size: 0 },
      { oid: sha256Oid('0123456789'), size: 10 },
      { oid: sha256Oid('3m'), size: 3_000_000 },
      { oid: sha256Oid('1t'), size: 2 ** 40 },
    ];
    for (const p of pointers) {
      assert.equal(await checkStrict(`ok-${p.size}`, encodePointer(p)), 0, `size ${p.size}`);
    }
  });

  test('encodePointer matches the pointer git-lfs generates for the same content', async () => {
    for (const content of ['', '0123456789', 'x'.repeat(5000)]) {
      const path = join(dir, `content-${content.length}`);
      await writeFile(path, content);
      const generated = await run(['lfs', 'pointer', `--file=${path}`], dir);
      assert.equal(generated.code, 0);
      assert.equal(encodePointer({ oid: sha256Oid(content), size: content.length }), generated.stdout);
    }
  });

  // Exit 1: not a pointer at all; exit 2: a pointer, but not in canonical form.
  const rejected: Array<[string, string, number]> = [
    ['size 0 as three lines', `${V}oid ${EMPTY_CONTENT_OID}\nsize 0\n`, 2],
    ['leading zeros', `${V}${O}size 012345\n`, 2],
    ['legacy version', `version https://hawser.github.com/spec/v1\n${O}size 1\n`, 2],
    ['CRLF', `${V}${O}size 1\n`.replace(/\n/g, '\r\n'), 2],
    ['missing trailing newline', `${V}${O}size 1`, 2],
    ['blank line at end', `${V}${O}size 1\n\n`, 2],
    ['uppercase oid', `${V}oid sha256:${HEX.toUpperCase()}\nsize 1\n`, 1],
    ['keys out of order', `${V}size 1\n${O}`, 1],
    ['unknown key', `${V}foo bar\n${O}size 1\n`, 1],
    ['negative size', `${V}${O}size -1\n`, 1],
  ];
  for (const [name, text, exitCode] of rejected) {
    test(`git-lfs and parsePointer both reject: ${name}`, async () => {
      assert.equal(await checkStrict(`bad-${name.replace(/\W+/g, '-')}`, text), exitCode);
      assert.throws(() => parsePointer(text), XetcacheError);
    });
  }
});
