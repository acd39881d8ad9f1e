import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textSerializer } from './text.js';
import { XetcacheError } from '../errors.js';

test('text round-trips strings as UTF-8, edge values included', async () => {
  for (const s of ['', 'a', 'héllo', '🎉 pair \uD83D\uDE00', '\uFEFFleading BOM', '\u0000nul', 'x'.repeat(1 << 20)]) {
    assert.equal(textSerializer.accepts(s), true);
    const bytes = await textSerializer.serialize(s);
    assert.deepEqual(bytes, new TextEncoder().encode(s));
    assert.equal(await textSerializer.deserialize(bytes), s);
  }
});

test('text declines non-strings and strings with no UTF-8 form', () => {
  for (const v of [1, null, undefined, new String('boxed'), ['a'], 'lone \uD800', '\uDC00 low first']) {
    assert.equal(textSerializer.accepts(v), false);
  }
  assert.throws(() => textSerializer.serialize('\uD800'), (e: unknown) => e instanceof XetcacheError && e.code === 'ESERIALIZER');
});

test('text deserialize of invalid UTF-8 is EBADFORMAT', () => {
  assert.throws(
    () => textSerializer.deserialize(new Uint8Array([0xc3, 0x28])),
    (e: unknown) => e instanceof XetcacheError && e.code === 'EBADFORMAT',
  );
});
