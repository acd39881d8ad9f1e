// Canonical bytes of a value (the format is in format.ts), written in one pass. Equal values give
// equal bytes whatever the object key order or Map/Set insertion order; values that differ in
// type or content give different bytes.
//
// Arrays are keyed by their elements; named properties added to an array are ignored.
// Class instances other than the built-ins below are keyed by their constructor name and own
// enumerable properties, as a structured clone would see them. State in #private fields or
// closures is invisible, so such a class should pass `version`, or the call `key`. Objects whose
// state is hidden in internal slots (URL, Blob, Error, boxed primitives, WeakMap, Promise, …) are
// refused rather than keyed as empty objects.

import { ByteWriter } from './byte-writer.js';
import { KEY_FORMAT_VERSION, TAG } from './format.js';
import { writeBuffer, writeView } from './binary.js';
import { MEMO_HINT, describe, unkeyable, type Origin, type Segment } from './unkeyable.js';
import type { XetcacheError } from '../../errors.js';

const objectTag = Object.prototype.toString;
const mapForEach = Map.prototype.forEach;
const setForEach = Set.prototype.forEach;
const dateTime = Date.prototype.getTime;

const REFUSED: Record<string, [what: string, kind: string]> = {
  Promise: ['is a Promise; await it and pass the result', 'promise'],
  WeakMap: ['is a WeakMap, whose entries cannot be listed', 'weakmap'],
  WeakSet: ['is a WeakSet, whose elements cannot be listed', 'weakset'],
  WeakRef: ['is a WeakRef', 'weakref'],
};

class Walk {
  private readonly path: Segment[] = [];
  // Objects on the current path, with the path length where each was entered. A value reached
  // twice by different paths (shared) is fine; one reached again inside itself is a cycle.
  private readonly open = new Map<object, number>();

  constructor(
    private readonly w: ByteWriter,
    private readonly origin: () => Origin,
  ) {}

  value(v: unknown): void {
    const w = this.w;
    switch (typeof v) {
      case 'number':
        w.u8(TAG.number);
        w.f64(v);
        return;
      case 'string':
        w.u8(TAG.string);
        w.str(v);
        return;
      case 'boolean':
        w.u8(v ? TAG.true : TAG.false);
        return;
      case 'undefined':
        w.u8(TAG.undefined);
        return;
      case 'bigint':
        w.u8(TAG.bigint);
        w.str(v.toString());
        return;
      case 'object':
        if (v === null) w.u8(TAG.null);
        else this.object(v);
        return;
      case 'function':
        throw this.fail('is a function', 'function');
      default:
        throw this.fail(`is a ${typeof v}`, typeof v);
    }
  }

  private object(v: object): void {
    const entered = this.open.get(v);
    if (entered !== undefined) {
      const back = describe(this.origin(), this.path.slice(0, entered));
      throw this.fail(`refers back to ${back}, a cycle`, 'cycle');
    }
    this.open.set(v, this.path.length);
    if (Array.isArray(v)) {
      this.array(v);
    } else {
      const proto = Object.getPrototypeOf(v) as object | null;
      // A root prototype (this realm's Object.prototype, another realm's, or none): plain data.
      if (proto === null || Object.getPrototypeOf(proto) === null) this.record(v, TAG.object);
      else this.builtin(v, proto);
    }
    this.open.delete(v);
  }

  private array(v: readonly unknown[]): void {
    const w = this.w;
    w.u8(TAG.array);
    w.u32(v.length);
    for (let i = 0; i < v.length; i++) {
      const item = v[i];
      if (item === undefined && !(i in v)) {
        w.u8(TAG.hole);
        continue;
      }
      this.path.push(i);
      this.value(item);
      this.path.pop();
    }
  }

  /** Own enumerable string-keyed properties, sorted by key. */
  private record(v: object, tag: number, className?: string): void {
    for (const s of Object.getOwnPropertySymbols(v)) {
      if (Object.prototype.propertyIsEnumerable.call(v, s)) {
        throw this.fail(`has a property keyed by ${String(s)}`, 'symbol-key');
      }
    }
    const w = this.w;
    const keys = Object.keys(v).sort();
    w.u8(tag);
    if (className !== undefined) w.str(className);
    w.u32(keys.length);
    const props = v as Record<string, unknown>;
    for (const key of keys) {
      w.str(key);
      this.path.push(key);
      this.value(props[key]);
      this.path.pop();
    }
  }

  private builtin(v: object, proto: object): void {
    if (ArrayBuffer.isView(v)) return writeView(this.w, v);
    const tag = objectTag.call(v).slice(8, -1);
    switch (tag) {
      case 'Object': {
        const ctor = (proto as { constructor?: unknown }).constructor;
        return this.record(v, TAG.instance, typeof ctor === 'function' ? ctor.name : '');
      }
      case 'Map':
        return this.map(v as Map<unknown, unknown>);
      case 'Set':
        return this.set(v as Set<unknown>);
      case 'Date':
        this.w.u8(TAG.date);
        return this.w.f64(dateTime.call(v));
      case 'RegExp':
        this.w.u8(TAG.regexp);
        this.w.str((v as RegExp).source);
        return this.w.str((v as RegExp).flags);
      case 'ArrayBuffer':
      case 'SharedArrayBuffer':
        return writeBuffer(this.w, tag, v as ArrayBufferLike);
    }
    const refused = REFUSED[tag];
    if (refused) throw this.fail(refused[0], refused[1]);
    throw this.fail(`is an object of type ${tag}, whose state a key cannot see`, 'opaque');
  }

  private map(m: Map<unknown, unknown>): void {
    this.sorted(TAG.map, (emit) =>
      mapForEach.call(m, (value, key) => {
        const index = emit();
        this.path.push({ mapKey: index });
        this.value(key);
        this.path.pop();
        this.path.push({ mapValue: key, index });
        this.value(value);
        this.path.pop();
      }),
    );
  }

  private set(s: Set<unknown>): void {
    this.sorted(TAG.set, (emit) =>
      setForEach.call(s, (item) => {
        this.path.push({ setElement: emit() });
        this.value(item);
        this.path.pop();
      }),
    );
  }

  /**
   * Writes a tag, a count and the items that `each` writes, then sorts the items by their bytes
   * so that insertion order does not matter. `emit` is called before each item.
   */
  private sorted(tag: number, each: (emit: () => number) => void): void {
    const w = this.w;
    w.u8(tag);
    const countAt = w.length;
    w.u32(0);
    const starts: number[] = [];
    each(() => starts.push(w.length) - 1);
    w.patchU32(countAt, starts.length);
    if (starts.length < 2) return;
    const end = w.length;
    const items = starts.map((start, i) => w.bytes.slice(start, starts[i + 1] ?? end));
    items.sort(compareBytes);
    let at = starts[0]!;
    for (const item of items) {
      w.bytes.set(item, at);
      at += item.length;
    }
  }

  private fail(what: string, kind: string): XetcacheError {
    return unkeyable(this.origin(), this.path, what, kind);
  }
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}

/** Appends the canonical bytes of `value` to `w`; `origin` words the error if it is unkeyable. */
export function writeValue(w: ByteWriter, value: unknown, origin: () => Origin): void {
  w.u8(KEY_FORMAT_VERSION);
  new Walk(w, origin).value(value);
}

/** The canonical bytes of `value`; `label` names it in an EUNKEYABLE error. */
export function encodeValue(value: unknown, label = 'value'): Uint8Array {
  const w = new ByteWriter(256);
  writeValue(w, value, () => ({ label, hint: MEMO_HINT }));
  return w.take();
}
