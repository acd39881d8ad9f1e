// The demo's steps, in the order the story tells them. Each prints a row of what happened; the
// claims the story makes (a hit without computing, a small edit moving little, a deletion
// reaching the other side) are checked as it goes, and one that does not hold stops the demo.

import { call, type CallReport } from './call.js';
import { xetcache, xetcacheJson } from './cli.js';
import { hubStorage, startHub } from './hub.js';
import { DemoError } from './processes.js';
import { bytes, header, percent, ratio, row, say, section } from './report.js';
import { keepSecret } from './secrets.js';
import { share, SHARING, startDaemon } from './share.js';
import { exportVars, makeUser } from './users.js';

const PROJECT = 'alice/lab';

function check(ok: boolean, message: string): void {
  if (!ok) throw new DemoError(message);
}

const hitOrMiss = (r: CallReport) => (r.computed.length === 0 ? 'hit' : 'miss');

export async function story(root: string, size: number): Promise<void> {
  const started = performance.now();
  say(`xetcache demo: alice and bob share a cache project through a hub (values of ${bytes(size)})`);
  say(`  everything lives in ${root}, removed at the end`);
  say(`  sharing: ${SHARING}`);
  say(`  ms: memo calls timed in the user's process; commands timed whole, Node's start included`);
  say();
  header();

  // The hub and the team.
  let t = performance.now();
  const hub = await startHub(root);
  row({ who: 'admin', what: 'start the hub (embedded storage, free port)', result: 'ready', ms: performance.now() - t, note: hub.url });

  const admin = await makeUser(root, 'admin', { XET_ENDPOINT: hub.url, XETCACHE_ADMIN_TOKEN: hub.adminToken });
  const alice = await makeUser(root, 'alice');
  const bob = await makeUser(root, 'bob');
  t = performance.now();
  const [aliceAdded, bobAdded] = await Promise.all(['alice', 'bob'].map((name) => xetcache(admin, ['hub', 'user', 'add', name, '--email', `${name}@example.com`])));
  const aliceToken = keepSecret(aliceAdded!.stdout.trim());
  keepSecret(bobAdded!.stdout.trim());
  row({ who: 'admin', what: 'xetcache hub user add alice; … bob', result: 'ok', ms: performance.now() - t, note: 'each prints a token (not shown)' });

  const login = await xetcacheJson(alice, ['login', '-u', 'alice', '-p', aliceToken, '-e', 'alice@example.com', '--endpoint', hub.url]);
  const storedIn = (login.docs[0] as { storedIn?: string }).storedIn;
  row({ who: 'alice', what: 'xetcache login -u alice -p … --endpoint …', result: 'ok', ms: login.ms, note: `the hub checked the token; kept in her ${storedIn === 'xetconfig' ? '~/.xetconfig' : String(storedIn)}` });

  const created = await xetcache(alice, ['project', 'create', PROJECT]);
  row({ who: 'alice', what: `xetcache project create ${PROJECT}`, result: 'ok', ms: created.ms, note: 'on the hub, and cloned into her XETCACHE_HOME' });

  const grant = await xetcache(alice, ['hub', 'token', 'create', '--user', 'bob', '--project', PROJECT, '--scope', 'write']);
  const bobToken = keepSecret(grant.stdout.trim());
  row({ who: 'alice', what: `xetcache hub token create --user bob …`, result: 'ok', ms: grant.ms, note: `write access to ${PROJECT} for bob` });

  exportVars(bob, { XET_ENDPOINT: hub.url, XET_USER_NAME: 'bob', XET_USER_TOKEN: bobToken, XET_USER_EMAIL: 'bob@example.com' });
  const who = await xetcacheJson(bob, ['whoami']);
  const source = (who.docs[0] as { source?: string }).source;
  check(source === 'env', `bob's credentials should come from XET_* variables, whoami says ${source}`);
  row({ who: 'bob', what: 'sets XET_* variables; xetcache whoami', result: 'ok', ms: who.ms, note: 'no login: whoami says the credentials come from "env"' });

  for (const user of [alice, bob]) {
    const daemon = await startDaemon(user);
    row({ who: user.name, what: 'xetcache daemon run (the sync daemon)', result: 'ready', ms: daemon.ms, note: `pid ${daemon.pid}: pushes new entries at once, pulls every second` });
  }

  // Alice's slow function computes; the results reach the hub.
  say();
  const train1 = await call(alice, PROJECT, 'train', 1, size);
  row({ who: 'alice', what: 'train(1)', result: hitOrMiss(train1), ms: train1.ms, up: 0, down: 0, note: `computed in alice's process; ${bytes(train1.size)} stored locally` });
  check(train1.computed.includes('train') && train1.created.length === 1, `alice's first train(1) should compute and create one entry: ${JSON.stringify(train1.computed)}`);
  const train2 = await call(alice, PROJECT, 'train', 2, size);
  row({ who: 'alice', what: 'train(2)', result: hitOrMiss(train2), ms: train2.ms, up: 0, down: 0, note: `computed in alice's process; ${bytes(train2.size)} stored locally` });
  check(train2.computed.includes('train'), "alice's train(2) should compute");
  const projectBytes = train2.statsAfter.logicalBytes;

  let shared = await share(alice, PROJECT, 'push');
  row({ who: 'alice', what: "alice's daemon pushes", result: 'pushed', ms: shared.ms, up: shared.up, down: shared.down, note: 'both values go up, as the chunks the hub lacks' });

  // Bob: a lazy clone, then the same call is a hit that downloads that one value.
  say();
  const clone = await xetcacheJson(bob, ['clone', '--lazy', PROJECT]);
  const cloned = clone.docs[0] as { transferred: number };
  row({ who: 'bob', what: `xetcache clone --lazy ${PROJECT}`, result: 'cloned', ms: clone.ms, up: 0, down: cloned.transferred, note: 'entries and pointers only: values come on first use' });
  check(cloned.transferred === 0, `a lazy clone should move no value bytes, it moved ${cloned.transferred}`);

  const bobTrain = await call(bob, PROJECT, 'train', 2, size);
  const lazyDown = bobTrain.fetched.transferred;
  row({ who: 'bob', what: 'train(2)', result: hitOrMiss(bobTrain), ms: bobTrain.ms, up: 0, down: lazyDown, note: `bob did ${bobTrain.computed.length ? '' : 'not '}compute; ${percent(lazyDown, projectBytes)} of the project's ${bytes(projectBytes)}` });
  check(bobTrain.computed.length === 0, `bob's train(2) should be a hit, but it computed (${bobTrain.computed.join(', ')}) in bob's process`);
  check(lazyDown > 0 && lazyDown < projectBytes, `bob's lazy hit should download that value only: ${lazyDown} bytes of a ${projectBytes}-byte project`);

  // Alice edits 1% of the large value; little goes up, and little comes down to bob.
  say();
  const tune = await call(alice, PROJECT, 'finetune', 2, size);
  const addedLocally = tune.statsAfter.storedBytes - tune.statsBefore.storedBytes;
  row({ who: 'alice', what: 'finetune(2): train(2) with 1% changed', result: hitOrMiss(tune), ms: tune.ms, up: 0, down: 0, note: `train(2) inside was a hit; her store added ${bytes(addedLocally)} (${percent(addedLocally, size)})` });
  check(tune.computed.join() === 'finetune', `alice's finetune(2) should compute only itself (train(2) a hit): ${tune.computed.join(', ')}`);

  shared = await share(alice, PROJECT, 'push');
  const editUp = shared.up;
  row({ who: 'alice', what: "alice's daemon pushes", result: 'pushed', ms: shared.ms, up: editUp, down: shared.down, note: `${percent(editUp, size)} of the ${bytes(size)} value` });
  check(editUp < size * 0.1, `sharing a 1% edit should send a few percent of the value, it sent ${percent(editUp, size)}`);

  shared = await share(bob, PROJECT, 'pull');
  row({ who: 'bob', what: "bob's daemon pulls", result: 'pulled', ms: shared.ms, up: shared.up, down: shared.down, note: `${shared.changed} entry files changed; values come on first use` });

  const bobTune = await call(bob, PROJECT, 'finetune', 2, size);
  const editDown = bobTune.fetched.transferred;
  row({ who: 'bob', what: 'finetune(2)', result: hitOrMiss(bobTune), ms: bobTune.ms, up: 0, down: editDown, note: `${percent(editDown, size)} of the value: the rest was in bob's store` });
  check(bobTune.computed.length === 0, `bob's finetune(2) should be a hit, but it computed (${bobTune.computed.join(', ')})`);
  check(editDown < size * 0.1, `bob's hit on the edited value should download a few percent of it, it downloaded ${percent(editDown, size)}`);

  // Bob deletes alice's first result; after both share, it is gone for alice too.
  say();
  const stale = train1.created[0]!;
  const removed = await xetcache(bob, ['rm', stale, '--yes', '--project', PROJECT]);
  row({ who: 'bob', what: 'xetcache rm <the train(1) entry> --yes', result: 'ok', ms: removed.ms, note: 'a deletion, committed in bob\'s clone' });
  shared = await share(bob, PROJECT, 'push');
  row({ who: 'bob', what: "bob's daemon pushes", result: 'pushed', ms: shared.ms, up: shared.up, down: shared.down, note: 'the deletion goes up as a commit' });
  shared = await share(alice, PROJECT, 'pull');
  row({ who: 'alice', what: "alice's daemon pulls", result: 'pulled', ms: shared.ms, up: shared.up, down: shared.down, note: `${shared.changed} entry files changed` });
  const ls = await xetcacheJson(alice, ['ls', '--project', PROJECT]);
  const keys = (ls.docs[0] as Array<{ key: string }>).map((e) => e.key);
  const gone = !keys.includes(stale);
  row({ who: 'alice', what: 'xetcache ls', result: gone ? 'gone' : 'STILL', ms: ls.ms, note: `${keys.length} entries; train(1) ${gone ? 'is gone' : 'is still there'}` });
  check(gone, `bob's deletion of ${stale} did not reach alice`);

  // What deduplication leaves, on each machine and on the hub.
  section('  dedup (stats: logicalBytes, the entries\' sizes; storedBytes, their distinct chunks)');
  const statLine = (who: string, entries: string, logical: number, stored: number, note = '') =>
    say(`  ${who.padEnd(6)} ${entries.padStart(7)} ${bytes(logical).padStart(11)} ${bytes(stored).padStart(11)} ${ratio(logical, stored).padStart(7)}  ${note}`.trimEnd());
  say(`  ${'who'.padEnd(6)} ${'entries'.padStart(7)} ${'logical'.padStart(11)} ${'stored'.padStart(11)} ${'ratio'.padStart(7)}`);
  const ratios: string[] = [];
  const stats = await Promise.all([alice, bob].map((user) => xetcacheJson(user, ['stats', '--project', PROJECT])));
  for (const [i, user] of [alice, bob].entries()) {
    const s = stats[i]!.docs[0] as { entries: number; logicalBytes: number; storedBytes: number };
    statLine(user.name, String(s.entries), s.logicalBytes, s.storedBytes, 'xetcache stats');
    ratios.push(`${user.name} ${ratio(s.logicalBytes, s.storedBytes)}`);
  }
  const onHub = await hubStorage(hub);
  const received = train1.size + train2.size + tune.size;
  statLine('hub', '3', received, onHub.bytes, 'the values it received (train(1) included); storage bytes from /api/stats');
  ratios.push(`hub ${ratio(received, onHub.bytes)}`);

  section('summary');
  say(`  bob's train(2): a hit, not computed by bob; ${bytes(lazyDown)} moved of a ${bytes(projectBytes)} project (${percent(lazyDown, projectBytes)})`);
  say(`  alice's 1% edit of a ${bytes(size)} value: ${bytes(editUp)} up (${percent(editUp, size)}), ${bytes(editDown)} down to bob (${percent(editDown, size)})`);
  say(`  dedup ratio: ${ratios.join(', ')}`);
  say(`  bob's deletion of train(1) reached alice: yes`);
  say(`  finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
