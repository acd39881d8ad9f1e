import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../../hash/hex.js';
import { encodeValue } from './encode.js';
import { memoKey } from './memo-key.js';
import { blockKey } from './block-key.js';
import { testHash } from './testing/hash.js';

// Pinned bytes of the key format (format.ts). If one of these fails, the format changed and every
// stored memo entry would silently miss: bump KEY_FORMAT_VERSION and update the table together.

class GoldenPoint {
  x = 1;
}

const hexOf = (s: string) => toHex(new TextEncoder().encode(s));

const ENCODINGS: Array<[string, unknown, string]> = [
  ['undefined', undefined, '0175'],
  ['null', null, '016e'],
  ['true', true, '0174'],
  ['-0', -0, '0164' + '8000000000000000'],
  ['1', 1, '0164' + '3ff0000000000000'],
  ['NaN', NaN, '0164' + '7ff8000000000000'],
  ['-Infinity', -Infinity, '0164' + 'fff0000000000000'],
  ['10n ** 20n', 10n ** 20n, '0169' + '00000015' + '31' + '30'.repeat(20)],
  ['é😀 and a lone surrogate', 'é😀\uD800', '0173' + '00000009' + 'c3a9' + 'f09f9880' + 'eda080'],
  ['[1, hole, undefined]', [1, , undefined], '0161' + '00000003' + '643ff0000000000000' + '68' + '75'],
  [
    '{ b: null, a: "x" }',
    { b: null, a: 'x' },
    '016f' + '00000002' + '0000000161' + '730000000178' + '0000000162' + '6e',
  ],
  [
    'Map b→1, a→true',
    new Map<string, unknown>([['b', 1], ['a', true]]),
    '016d' + '00000002' + '730000000161' + '74' + '730000000162' + '643ff0000000000000',
  ],
  ['Set 2, "a"', new Set([2, 'a']), '0165' + '00000002' + '644000000000000000' + '730000000161'],
  ['Date(0)', new Date(0), '0144' + '0000000000000000'],
  ['/a+/gi', /a+/gi, '0172' + '00000002' + '612b' + '00000002' + '6769'],
  [
    'Float64Array [1.5]',
    new Float64Array([1.5]),
    '0162' + '0000000c' + hexOf('Float64Array') + '00000008' + '000000000000f83f',
  ],
  [
    'DataView of bytes 1..3 from offset 1',
    new DataView(new Uint8Array([1, 2, 3]).buffer, 1),
    '0162' + '00000008' + hexOf('DataView') + '00000002' + '0203',
  ],
  [
    'class instance',
    new GoldenPoint(),
    '0163' + '0000000b' + hexOf('GoldenPoint') + '00000001' + '0000000178' + '643ff0000000000000',
  ],
];

test('golden encodings', () => {
  for (const [name, value, expected] of ENCODINGS) assert.equal(toHex(encodeValue(value)), expected, name);
});

// `new Function` source text is fixed by the language spec, unlike compiled test code.
const add = new Function('a', 'b', 'return a + b');
const compute = new Function('inputs', 'return { c: inputs.a + 1 }');

const KEYS: Array<[string, () => string, string]> = [
  [
    'add(1, 2)',
    () => memoKey(add, [1, 2], { hash: testHash }).key,
    'memo/anonymous/e0b6e743571b0a67/abb016aa631adf56254dd3de0744ee5cb114bb674832bc8472c39743636470b5',
  ],
  [
    'add(1, 2), version 2',
    () => memoKey(add, [1, 2], { hash: testHash, version: 2 }).key,
    'memo/anonymous/e0b6e743571b0a67/e3771064f471ae4f96eb6de526b25b547e3c6b3c04b57f267e4354d47953a35b',
  ],
  [
    'add named "sum" with an object',
    () => memoKey(add, [{ b: [1n, 'x'], a: new Map([[1, 2]]) }, null], { hash: testHash, name: 'sum' }).key,
    'memo/sum/94ce62a5a7e90854/6bd5d89e4987af7aa1d0cf962928f6c2e549f21a59a02559e6cfe613a921c6a4',
  ],
  [
    'block',
    () => blockKey(compute, { a: 1, b: 'two' }, { hash: testHash }).key,
    'memo/anonymous/873f82b0fac1f2da/66af53f0db6c50bc288bbadd9906d6ddb28112104e2fa63974cdce8996ec1f90',
  ],
];

test('golden keys (keyed BLAKE3 with the test key)', () => {
  for (const [name, make, expected] of KEYS) assert.equal(make(), expected, name);
});
