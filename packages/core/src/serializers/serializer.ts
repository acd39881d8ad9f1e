// What a serializer is: a named, reversible mapping between values and bytes. The name is
// recorded beside every stored value, so it must mean the same encoding wherever it is read.

export interface Serializer<T = unknown> {
  readonly name: string;
  /** Whether this serializer can round-trip the value (used to pick one by type). */
  accepts(value: unknown): boolean;
  serialize(value: T): Uint8Array | Promise<Uint8Array>;
  deserialize(bytes: Uint8Array): T | Promise<T>;
  /** Why accepts() is false for the value ("undefined at $.a"), for error messages. */
  explain?(value: unknown): string | undefined;
}
