import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryBlobStore } from '../storage/memory.js';
import { accessTo, isSiteAdmin, mayCreateUnder } from './access.js';
import { createAccounts } from './accounts.js';
import { bootstrapAdmin } from './bootstrap.js';

test('tokens are shown once and stored only hashed', async () => {
  const blobs = createMemoryBlobStore();
  const accounts = createAccounts(blobs);
  await accounts.addUser({ name: 'alice' });
  const { token } = await accounts.createToken({ user: 'alice' });
  for (const key of blobs.keys()) {
    assert.ok(!key.includes(token));
    assert.ok(!new TextDecoder().decode(await blobs.read(key)).includes(token), key);
  }
  assert.equal((await accounts.authenticate('alice', token))?.user.name, 'alice');
  assert.equal((await accounts.authenticate('ALICE', token))?.user.name, 'alice', 'user names match in any case');
  assert.equal((await accounts.authenticate(undefined, token))?.user.name, 'alice', 'Bearer: no user name');
  assert.equal(await accounts.authenticate('bob', token), undefined, 'another user\'s name');
  assert.equal(await accounts.authenticate('alice', `${token}x`), undefined);
  await assert.rejects(accounts.addUser({ name: 'alice' }), /already exists/);
  await assert.rejects(accounts.createToken({ user: 'nobody' }), /no user/);
});

test('first start: admin with a new token; later starts: none, XETCACHE_ADMIN_TOKEN added', async () => {
  const accounts = createAccounts(createMemoryBlobStore());
  const first = await bootstrapAdmin(accounts);
  assert.ok(first.newAdminToken);
  assert.ok((await accounts.authenticate('admin', first.newAdminToken))?.user.admin);
  assert.deepEqual(await bootstrapAdmin(accounts), {});
  assert.deepEqual(await bootstrapAdmin(accounts, 'xct_from_the_environment'), {});
  assert.ok(await accounts.authenticate('admin', 'xct_from_the_environment'));
  assert.ok(await accounts.authenticate('admin', first.newAdminToken), 'the first token still works');
  const fromEnv = createAccounts(createMemoryBlobStore());
  assert.deepEqual(await bootstrapAdmin(fromEnv, 'xct_set_before_the_first_start'), {});
});

test('access: owners admin their namespace, project tokens are exactly their scope, site admins all', () => {
  const user = (name: string, admin = false) => ({ name, email: null, admin, createdAt: '' });
  const token = (u: string, project: string | null = null, scope: 'read' | 'write' | 'admin' | null = null) => ({ id: 'x', user: u, project, scope, createdAt: '' });
  const p = { owner: 'alice', name: 'models' };
  assert.equal(accessTo({ user: user('alice'), token: token('alice') }, p), 'admin');
  assert.equal(accessTo({ user: user('bob'), token: token('bob') }, p), 'none');
  assert.equal(accessTo({ user: user('bob'), token: token('bob', 'alice/models', 'read') }, p), 'read');
  assert.equal(accessTo({ user: user('bob'), token: token('bob', 'alice/other', 'admin') }, p), 'none');
  assert.equal(accessTo({ user: user('alice'), token: token('alice', 'alice/models', 'read') }, p), 'read', 'a read token cannot push, even the owner\'s');
  assert.equal(accessTo({ user: user('alice'), token: token('alice', null, 'write') }, p), 'write');
  assert.equal(accessTo({ user: user('root', true), token: token('root') }, p), 'admin');
  assert.ok(isSiteAdmin({ user: user('root', true), token: token('root') }));
  assert.ok(!isSiteAdmin({ user: user('root', true), token: token('root', 'alice/models', 'admin') }));
  assert.ok(mayCreateUnder({ user: user('alice'), token: token('alice') }, 'alice'));
  assert.ok(!mayCreateUnder({ user: user('alice'), token: token('alice') }, 'bob'));
  assert.ok(mayCreateUnder({ user: user('root', true), token: token('root') }, 'team'));
});
