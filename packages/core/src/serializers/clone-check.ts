// Whether a value survives the structured-clone algorithm (what node:v8's serializer and
// browsers' structuredClone implement) exactly: the same types, prototypes and shape. Structured
// clone keeps cycles, shared references, holes, undefined, NaN, -0 and BigInt, but turns a class
// instance into a plain object and drops symbol keys, so those are refused here. No encoding.

import { describeValue, pathOf, type Place } from './describe.js';

export interface CloneCheckOptions {
  /** Prototypes of host objects the serializer restores as themselves (Node's Buffer). */
  hostPrototypes?: readonly object[];
}

const TYPED_ARRAYS = [
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array,
  Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array,
];

// Objects cloned whole, with nothing inside to look at.
const LEAVES = new Set<object>([
  Date.prototype, Boolean.prototype, Number.prototype, String.prototype, BigInt.prototype,
  ArrayBuffer.prototype, DataView.prototype, ...TYPED_ARRAYS.map((t) => t.prototype),
]);

// Structured clone keeps the type of these errors, and of no others (a subclass comes back as
// its nearest of these, or as Error).
const ERRORS = new Set<object>([
  Error.prototype, EvalError.prototype, RangeError.prototype, ReferenceError.prototype,
  SyntaxError.prototype, TypeError.prototype, URIError.prototype,
]);
const ERROR_KEYS = new Set<PropertyKey>(['message', 'stack', 'cause']);

export function cloneProblem(root: unknown, options: CloneCheckOptions = {}): string | undefined {
  const hosts = new Set(options.hostPrototypes ?? []);
  const seen = new Set<object>(); // clones keep cycles and sharing, so each object is seen once
  const stack: Array<{ value: unknown; place: Place | undefined }> = [];
  // Primitives other than symbols always clone, so only objects and the unclonable are queued.
  const visit = (value: unknown, place: Place | undefined) => {
    if (typeof value === 'object' ? value !== null : typeof value === 'symbol' || typeof value === 'function') {
      stack.push({ value, place });
    }
  };

  visit(root, undefined);
  while (stack.length > 0) {
    const { value, place } = stack.pop()!;
    const at = () => pathOf(place);
    if (typeof value === 'symbol' || typeof value === 'function') return `${describeValue(value)} at ${at()}`;
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);

    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === null || typeof proto !== 'object') return `${describeValue(value)} at ${at()}`;
    if (LEAVES.has(proto) || hosts.has(proto)) continue;

    if (proto === Array.prototype) {
      const array = value as unknown[];
      if (Object.getOwnPropertySymbols(array).length > 0) return `an array with symbol keys at ${at()}`;
      // Holes survive a clone. Named (non-index) properties do too, but their values are not
      // looked at: finding them means listing every index, which costs more than the encoding.
      for (let i = array.length - 1; i >= 0; i--) if (i in array) visit(array[i], { parent: place, key: i });
      continue;
    }

    if (proto === Object.prototype) {
      const keys = Object.keys(value);
      if (Object.getOwnPropertyNames(value).length !== keys.length || Object.getOwnPropertySymbols(value).length > 0) {
        return `an object with symbol or non-enumerable keys at ${at()}`;
      }
      const record = value as Record<string, unknown>;
      for (let i = keys.length - 1; i >= 0; i--) visit(record[keys[i]!], { parent: place, key: keys[i]! });
      continue;
    }

    if (proto === Map.prototype || proto === Set.prototype) {
      // Own properties of a Map or Set are not part of its clone.
      if (Reflect.ownKeys(value).length > 0) return `${describeValue(value)} with own properties at ${at()}`;
      let i = 0;
      if (value instanceof Map) {
        for (const [k, v] of value) {
          visit(k, { parent: place, key: `key ${i}`, step: true });
          visit(v, { parent: place, key: `value ${i++}`, step: true });
        }
      } else {
        for (const v of value as Set<unknown>) visit(v, { parent: place, key: `item ${i++}`, step: true });
      }
      continue;
    }

    if (proto === RegExp.prototype) {
      if ((value as RegExp).lastIndex !== 0 || Reflect.ownKeys(value).length !== 1) {
        return `a RegExp with a lastIndex or own properties at ${at()}`; // a clone resets both
      }
      continue;
    }

    if (ERRORS.has(proto)) {
      if (Reflect.ownKeys(value).some((k) => !ERROR_KEYS.has(k))) {
        return `an Error with properties other than message, stack and cause at ${at()}`;
      }
      if (Object.hasOwn(value, 'cause')) visit((value as { cause: unknown }).cause, { parent: place, key: 'cause' });
      continue;
    }

    return `${describeValue(value)} at ${at()}`;
  }
  return undefined;
}
