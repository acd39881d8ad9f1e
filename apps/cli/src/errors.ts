// The CLI's failure kinds: a usage error exits 2, anything else 1 (SPEC §4).

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function exitCodeOf(err: unknown): number {
  return err instanceof UsageError ? 2 : 1;
}
