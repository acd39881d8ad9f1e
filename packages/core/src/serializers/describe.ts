// How values, and places inside them, are named in error messages: briefly, and without
// printing the value itself (it may be large or private).

export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'boolean':
      return 'a boolean';
    case 'string':
      return `a string of ${value.length} characters`;
    case 'bigint':
      return 'a bigint';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return value.name ? `a function (${value.name})` : 'a function';
    case 'number':
      if (Number.isNaN(value)) return 'NaN';
      if (Object.is(value, -0)) return '-0';
      return Number.isFinite(value) ? 'a number' : String(value);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null) return 'an object with a null prototype';
  if (proto === Object.prototype) return 'a plain object';
  const ctor: unknown = (proto as { constructor?: unknown }).constructor;
  const name = typeof ctor === 'function' && ctor.name ? ctor.name : 'an unnamed class';
  return `an instance of ${name}`;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Where a value sits in the graph being checked, as a chain of steps from the root (undefined).
 * Walkers keep these instead of path strings, which are built only for the place a message names.
 */
export interface Place {
  parent: Place | undefined;
  /** A property name or an array index. */
  key: string | number;
  /** Set when `key` is a step that is not a property, such as `key 0` of a Map. */
  step?: true;
}

/** `$.a`, `$[0]`, `$["odd key"]`, `${value 2}`: a JSONPath-like name for a place, for messages. */
export function pathOf(place: Place | undefined): string {
  let path = '';
  for (let at = place; at !== undefined; at = at.parent) {
    const { key } = at;
    if (at.step) path = `{${key}}${path}`;
    else if (typeof key === 'number') path = `[${key}]${path}`;
    else path = (IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`) + path;
  }
  return `$${path}`;
}
