// How a URL appears in messages and logs: scheme, host, port and path only. User info could be
// a password and a query string a signed token (S3 and other storage hand out such links).

export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(an invalid URL)';
  }
}

/** The origin requests to `url` go to, or undefined for something that is not a URL. */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
