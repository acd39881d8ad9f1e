// Tokens the demo handles (the admin's, alice's, bob's): kept here so that anything the demo
// prints (its own lines, a failing command's stderr, the hub's output) goes through `redact`.

const secrets = new Set<string>();

export function keepSecret(token: string): string {
  if (token) secrets.add(token);
  return token;
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('<token>');
  return out;
}
