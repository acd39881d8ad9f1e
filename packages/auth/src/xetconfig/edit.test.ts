import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'smol-toml';
import { editXetconfig } from './edit.js';

// A file as XetHub's tools and a person leave it: comments, keys xetcache does not know, a
// profile, other tables, values of every TOML type.
const XETHUB = `# written by git-xet
endpoint = "http://127.0.0.1:4747"
retries = 3

[user]
name = "alice" # me
token = "tok-alice"
ssh = "git@example.com"
login_id = 42

[cas]
server = "cas.example.com:443"
ratio = 1.0
when = 1979-05-27T07:32:00Z

[hubexamplecom]
endpoint = "https://hub.example.com"

[hubexamplecom.user]
name = "al"
token = "tok-al"
`;

test('setting a key edits that line and keeps comments, order and unknown keys', () => {
  const out = editXetconfig(XETHUB, [{ table: ['user'], set: { token: 'tok-new' } }]);
  assert.equal(out, XETHUB.replace('token = "tok-alice"', 'token = "tok-new"'));
});

test('new keys go after the last key of their table; new tables at the end', () => {
  const out = editXetconfig(XETHUB, [
    { table: ['user'], set: { email: 'a@example.com' } },
    { table: ['1270014748'], set: { endpoint: 'http://127.0.0.1:4748' } },
    { table: ['1270014748', 'user'], set: { name: 'bob', token: 'tok "quoted"\\' } },
  ]);
  assert.match(out, /login_id = 42\nemail = "a@example\.com"\n\n\[cas\]/);
  assert.ok(out.startsWith(XETHUB.split('[cas]')[0]!.replace('login_id = 42\n', 'login_id = 42\nemail = "a@example.com"\n')));
  assert.ok(out.endsWith('token = "tok-al"\n\n[1270014748]\nendpoint = "http://127.0.0.1:4748"\n\n[1270014748.user]\nname = "bob"\ntoken = "tok \\"quoted\\"\\\\"\n'));
  const data = parse(out) as Record<string, any>;
  assert.equal(data['1270014748'].user.token, 'tok "quoted"\\');
  assert.equal(data.cas.ratio, 1);
  assert.match(out, /ratio = 1\.0/);
});

test('removing every key of a table removes its header; other tables stay', () => {
  const out = editXetconfig(XETHUB, [{ table: ['hubexamplecom', 'user'], remove: ['name', 'token', 'email'] }]);
  assert.equal(out, XETHUB.replace('\n[hubexamplecom.user]\nname = "al"\ntoken = "tok-al"\n', ''));
  const partial = editXetconfig(XETHUB, [{ table: ['user'], remove: ['name', 'token', 'email'] }]);
  assert.match(partial, /\[user\]\nssh = "git@example\.com"\nlogin_id = 42\n/);
});

test('a top-level key goes before the first table', () => {
  const out = editXetconfig('[user]\nname = "a"\n', [{ table: [], set: { endpoint: 'http://h:1' } }]);
  assert.equal(out, 'endpoint = "http://h:1"\n\n[user]\nname = "a"\n');
  assert.equal(editXetconfig('', [{ table: ['user'], set: { name: 'a' } }]), '[user]\nname = "a"\n');
});

test('constructs a line edit cannot handle are rewritten from the data, keeping every key', () => {
  const dotted = 'user.name = "a"\nuser.token = "t"\nother = { k = 1 }\n';
  const out = editXetconfig(dotted, [{ table: ['user'], set: { token: 'u' } }]);
  assert.deepEqual(JSON.parse(JSON.stringify(parse(out), (_, v) => (typeof v === 'bigint' ? Number(v) : v))), {
    user: { name: 'a', token: 'u' },
    other: { k: 1 },
  });
  const multiline = '[user]\ntoken = """\nold\n"""\nname = "a"\n';
  const replaced = parse(editXetconfig(multiline, [{ table: ['user'], set: { token: 'new' } }])) as Record<string, any>;
  assert.deepEqual({ ...replaced.user }, { token: 'new', name: 'a' });
});

test('CRLF files stay CRLF', () => {
  const out = editXetconfig('[user]\r\nname = "a"\r\n', [{ table: ['user'], set: { token: 't' } }]);
  assert.equal(out, '[user]\r\nname = "a"\r\ntoken = "t"\r\n');
});
