// The serializers one process knows by name. Built-ins (bytes, text, json, and those given at
// creation, such as Node's v8) are fixed; custom ones may be registered and replaced. Picking by
// type tries bytes, text, json, v8, then the rest in registration order: the cheapest and most
// portable encoding that keeps the value exactly.

import { XetcacheError } from '../errors.js';
import { bytesSerializer } from './bytes.js';
import { describeValue } from './describe.js';
import { jsonSerializer } from './json.js';
import type { Serializer } from './serializer.js';
import { textSerializer } from './text.js';

export interface SerializerRegistry {
  /**
   * Add a custom serializer, or replace the custom one of that name (it keeps its place in the
   * pick order). Replacing a built-in is refused with EINVAL: stored values name their
   * serializer, and a built-in name must decode the same way everywhere.
   */
  register(name: string, serializer: Omit<Serializer, 'name'> | Serializer): void;
  /** ESERIALIZER when no serializer has that name. */
  get(name: string): Serializer;
  has(name: string): boolean;
  /** Every serializer, in pick order. */
  getAll(): Serializer[];
  /** The named serializer when a name is given, else the first that accepts the value. */
  pick(value: unknown, name?: string): Serializer;
  serialize(value: unknown, name?: string): Promise<{ serializer: string; bytes: Uint8Array }>;
  /**
   * The serializer a stored value names, for reading it back: like get(), but the ESERIALIZER
   * says the value needs it and how to register it. Call it before fetching the bytes.
   */
  forStoredValue(name: string): Serializer;
  /** Decode bytes stored with the named serializer (see forStoredValue for a missing one). */
  deserialize(name: string, bytes: Uint8Array): Promise<unknown>;
}

const CORE = [bytesSerializer, textSerializer, jsonSerializer];
// v8 comes right after json in the pick order whenever it is present, however it was added.
const V8 = 'v8';
// Names are written into entry metadata and shown in messages: keep them short and plain.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;

export function createSerializerRegistry(extra: Serializer[] = []): SerializerRegistry {
  const builtIn = new Set<string>();
  const byName = new Map<string, Serializer>(); // insertion order is registration order

  const add = (name: string, serializer: Omit<Serializer, 'name'> | Serializer, fixed: boolean) => {
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new XetcacheError('EINVAL', `serializer name ${JSON.stringify(name)} must match ${NAME}`, { name });
    }
    for (const method of ['accepts', 'serialize', 'deserialize'] as const) {
      if (typeof serializer?.[method] !== 'function') {
        throw new XetcacheError('EINVAL', `serializer '${name}' has no ${method}() method`, { name });
      }
    }
    if (builtIn.has(name)) {
      throw new XetcacheError('EINVAL', `'${name}' is a built-in serializer and cannot be replaced`, { name });
    }
    if (fixed) builtIn.add(name);
    byName.set(name, named(name, serializer));
  };

  for (const s of CORE) add(s.name, s, true);
  for (const s of extra) add(s.name, s, true);

  const first = [...CORE.map((s) => s.name), V8];
  const ordered = (): Serializer[] => [
    ...first.flatMap((name) => byName.get(name) ?? []),
    ...[...byName.values()].filter((s) => !first.includes(s.name)),
  ];

  const get = (name: string): Serializer => {
    const found = byName.get(name);
    if (found) return found;
    throw new XetcacheError('ESERIALIZER', `no serializer named '${name}'; known: ${known()}`, {
      name,
      known: [...byName.keys()],
    });
  };
  const known = () => ordered().map((s) => s.name).join(', ');

  const forStoredValue = (name: string): Serializer => {
    const found = byName.get(name);
    if (found) return found;
    throw new XetcacheError(
      'ESERIALIZER',
      `value was stored with serializer '${name}', which is not registered here; ` +
        `register it with serializers.register('${name}', …) (known: ${known()})`,
      { name, known: [...byName.keys()] },
    );
  };

  const pick = (value: unknown, name?: string): Serializer => {
    if (name !== undefined) return get(name);
    const all = ordered();
    const found = all.find((s) => s.accepts(value));
    if (found) return found;
    const reasons = all
      .map((s) => [s.name, s.explain?.(value)] as const)
      // bytes and text would only say "not bytes", "not a string"
      .filter(([n, why]) => why !== undefined && n !== 'bytes' && n !== 'text')
      .map(([n, why]) => `${n}: ${why}`);
    throw new XetcacheError(
      'ESERIALIZER',
      `no serializer accepts ${describeValue(value)} (tried ${known()})` +
        (reasons.length ? `; ${reasons.join('; ')}` : '') +
        `; name one, or register one with serializers.register(name, …)`,
      { value: describeValue(value), tried: all.map((s) => s.name) },
    );
  };

  return {
    register: (name, serializer) => add(name, serializer, false),
    get,
    has: (name) => byName.has(name),
    getAll: ordered,
    pick,

    async serialize(value, name) {
      const serializer = pick(value, name);
      return { serializer: serializer.name, bytes: await serializer.serialize(value) };
    },

    forStoredValue,
    deserialize: async (name, bytes) => forStoredValue(name).deserialize(bytes),
  };
}

/** The serializer under the name it is registered as; methods keep their own `this`. */
function named(name: string, s: Omit<Serializer, 'name'> | Serializer): Serializer {
  const explain = s.explain;
  return {
    name,
    accepts: (value) => s.accepts(value),
    serialize: (value) => s.serialize(value),
    deserialize: (bytes) => s.deserialize(bytes),
    ...(explain ? { explain: (value: unknown) => explain.call(s, value) } : {}),
  };
}
