// Retry-After (RFC 9110 §10.2.3): a number of seconds, or an HTTP date.

/** Milliseconds to wait from `now`, or undefined when the value is neither form. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only the date forms HTTP allows: a bare number like "1.5" or a date-ish word is not one.
  if (!/^[A-Za-z]{3},? /.test(text) && !/^[A-Za-z]+, \d/.test(text)) return undefined;
  // asctime's form carries no zone, but HTTP dates are all GMT.
  const at = Date.parse(/^[A-Za-z]{3} [A-Za-z]{3} +\d/.test(text) ? `${text} GMT` : text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
