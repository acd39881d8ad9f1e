// Whether a value survives JSON.stringify → JSON.parse exactly (deepStrictEqual to the original),
// and if not, the first place where it would not. One pass over the graph; no encoding.
// Shared references are accepted: they come back as equal copies.

import { describeValue, pathOf, type Place } from './describe.js';

export function jsonProblem(root: unknown): string | undefined {
  const state = new Map<object, 'open' | 'done'>(); // an open object reached again is a cycle
  // Each entry is an object to enter, or (leave) one whose children are all checked.
  const stack: Array<{ value: object; place: Place | undefined; leave: boolean }> = [];

  // Primitives are judged on the spot; only objects are queued. Returns what is wrong, if anything.
  const visit = (value: unknown, place: Place | undefined): string | undefined => {
    const kind = primitiveProblem(value);
    if (kind === undefined) return undefined;
    if (kind !== 'object') return `${kind} at ${pathOf(place)}`;
    stack.push({ value: value as object, place, leave: false });
    return undefined;
  };

  const top = visit(root, undefined);
  if (top !== undefined) return top;
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value, place } = frame;
    if (frame.leave) {
      state.set(value, 'done');
      continue;
    }
    const seen = state.get(value);
    if (seen === 'open') return `a cycle at ${pathOf(place)}`;
    if (seen === 'done') continue;
    state.set(value, 'open');
    frame.leave = true;
    stack.push(frame);

    if (Array.isArray(value)) {
      if (Object.getPrototypeOf(value) !== Array.prototype) return `${describeValue(value)} at ${pathOf(place)}`;
      if (Object.getOwnPropertySymbols(value).length > 0) return `an array with symbol keys at ${pathOf(place)}`;
      // Named (non-index) properties on an array are not looked for: finding them means listing
      // every index, which costs more than the encoding itself on large arrays.
      for (let i = value.length - 1; i >= 0; i--) {
        if (!(i in value)) return `a hole (sparse array) at ${pathOf({ key: i, parent: place })}`;
        const bad = visit(value[i], { key: i, parent: place });
        if (bad !== undefined) return bad;
      }
      continue;
    }

    if (Object.getPrototypeOf(value) !== Object.prototype) return `${describeValue(value)} at ${pathOf(place)}`;
    const keys = Object.keys(value);
    if (Object.getOwnPropertyNames(value).length !== keys.length || Object.getOwnPropertySymbols(value).length > 0) {
      return `an object with symbol or non-enumerable keys at ${pathOf(place)}`;
    }
    const record = value as Record<string, unknown>;
    for (let i = keys.length - 1; i >= 0; i--) {
      const bad = visit(record[keys[i]!], { key: keys[i]!, parent: place });
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}

/** 'object' for an object to walk, undefined for a primitive JSON keeps, else what is wrong. */
function primitiveProblem(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0) ? undefined : describeValue(value);
    case 'object':
      return value === null ? undefined : 'object';
    default:
      return describeValue(value);
  }
}
