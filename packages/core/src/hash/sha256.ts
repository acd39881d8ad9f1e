// SHA-256 for git-LFS oids behind a small streaming interface. An implementation may hash on
// another thread, so fed bytes must stay unchanged until `settled()` resolves.

import { createSHA256 } from 'hash-wasm';

export interface Sha256Stream {
  update(data: Uint8Array): void;
  /** Resolves once every byte fed so far has been read; until then the caller keeps them intact. */
  settled(): Promise<void>;
  digest(): Promise<Uint8Array>;
}

export type Sha256Factory = () => Sha256Stream;

/** SHA-256 in WebAssembly (hash-wasm): for browsers, where WebCrypto cannot hash a stream. */
export async function createWasmSha256(): Promise<Sha256Factory> {
  await createSHA256();
  return () => {
    let hasher: Awaited<ReturnType<typeof createSHA256>> | undefined;
    const pending: Uint8Array[] = [];
    const ready = createSHA256().then((h) => {
      hasher = h;
      for (const data of pending.splice(0)) h.update(data);
    });
    return {
      update(data) {
        if (hasher) hasher.update(data);
        else pending.push(data.slice());
      },
      settled: () => ready,
      async digest() {
        await ready;
        return hasher!.digest('binary');
      },
    };
  };
}
