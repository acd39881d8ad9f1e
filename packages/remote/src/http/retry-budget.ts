// A retry budget shared by every request of a client (the token bucket of gRPC's retry
// throttling): each retry spends a token and each success earns back part of one, so a server
// that keeps failing sees retries dry up instead of every request multiplying its load.

export interface RetryBudget {
  /** Spend one token; false when none is left (then the error is returned, not retried). */
  take(): boolean;
  /** A request succeeded: earn back part of a token. */
  earn(): void;
  /** Tokens left, for tests and logs. */
  readonly tokens: number;
}

export interface RetryBudgetOptions {
  /** Tokens when full: how many retries a burst of failures may use. Default 50. */
  capacity?: number;
  /** What a success earns back. Default 0.1: ten successes pay for one retry. */
  perSuccess?: number;
}

export function createRetryBudget({ capacity = 50, perSuccess = 0.1 }: RetryBudgetOptions = {}): RetryBudget {
  let tokens = capacity;
  return {
    take() {
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    earn() {
      tokens = Math.min(capacity, tokens + perSuccess);
    },
    get tokens() {
      return tokens;
    },
  };
}
