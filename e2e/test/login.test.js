'use strict';
// Login (session/open), refusal of an unknown app, logout (session/close) and presence (session/query).
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');
const { runTag } = require('../lib/config');
const { eventually } = require('../lib/expect');

const tag = runTag();
after(h.killAll);

test('createIMClient("Tom") resolves with client.id Tom, as in the guide', async () => {
  const tom = await h.spawnClient('Tom');
  const result = await h.call(tom, 'createIMClient', { id: 'Tom' });
  assert.deepEqual(result, { id: 'Tom' });
  await h.kill(tom);
});

test('createIMClient with an unknown appId is refused', { timeout: 45000 }, async () => {
  const stranger = await h.spawnClient('Stranger', { appId: `no-such-app-${tag}` });
  // The server may answer with an error or close the socket; the latter leaves the SDK waiting for its own
  // 20 s command timeout, so give the call longer than that.
  await assert.rejects(h.call(stranger, 'createIMClient', { id: `Stranger-${tag}` }, 30000),
    (err) => assert.notEqual(err.name, 'HarnessTimeout', err.message) || true);
  await h.kill(stranger);
});

test('client.close() resolves and client.ping() reports who is online', { timeout: 30000 }, async () => {
  const tomId = `Tom-${tag}`;
  const jerryId = `Jerry-${tag}`;
  const nobodyId = `Nobody-${tag}`;
  const tom = await h.login(tomId);
  const jerry = await h.login(jerryId);

  assert.deepEqual(await h.call(tom, 'ping', { ids: [jerryId, nobodyId] }), [jerryId]);
  assert.deepEqual(await h.call(jerry, 'ping', { ids: [tomId] }), [tomId]);

  assert.deepEqual(await h.call(jerry, 'close'), { closed: jerryId });
  await h.waitForEvent(jerry, 'CLOSE', (p, e) => e.client === jerryId && p.code === 0);
  await eventually(async () => assert.deepEqual(await h.call(tom, 'ping', { ids: [jerryId, nobodyId] }), []));

  // Back online on a new socket, then gone when the process dies without a session/close.
  const jerryAgain = await h.login(jerryId);
  assert.deepEqual(await h.call(tom, 'ping', { ids: [jerryId] }), [jerryId]);
  await h.kill(jerryAgain);
  await eventually(async () => assert.deepEqual(await h.call(tom, 'ping', { ids: [jerryId] }), []));
  assert.deepEqual(await h.call(tom, 'ping', { ids: [tomId] }), [tomId]);
});

test('getConversation of an unknown id resolves null', async () => {
  const tom = await h.login(`Tom-${tag}-q`);
  assert.equal(await h.call(tom, 'getConversation', { cid: '000000000000000000000000' }), null);
  await h.kill(tom);
});
