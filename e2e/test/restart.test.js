'use strict';
// A redeploy under connected clients: the standalone server is stopped with SIGTERM and started again on the same
// port and data directory. The SDK must see DISCONNECT then RECONNECT, chat must work again, conversations and
// history must be intact, and no message may be lost or delivered twice.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');
const { runTag } = require('../lib/config');
const { sameMembers } = require('../lib/expect');
const { createServer, unavailableReason } = require('../lib/server-process');

const tag = runTag();
const RECONNECT_TIMEOUT_MS = 60000;
let server;
after(async () => {
  await h.killAll();
  if (server) await server.dispose();
});

const messagesOf = (client, cid) => client.events
  .filter((e) => e.name === 'MESSAGE' && e.payload.cid === cid).map((e) => e.payload);

test('clients ride through a restart of the server and carry on', { skip: unavailableReason() ?? false, timeout: 180000 }, async (t) => {
  server = await createServer();
  await server.start();
  const tomId = `Tom-${tag}`;
  const jerryId = `Jerry-${tag}`;
  const tom = await h.login(tomId, server.clientOptions);
  const jerry = await h.login(jerryId, server.clientOptions);
  const conv = await h.call(tom, 'createConversation', { members: [jerryId], name: 'across restarts' });
  const cid = conv.id;
  await h.waitForEvent(jerry, 'INVITED', (p) => p.cid === cid);
  const before = await h.call(tom, 'send', { cid, text: 'before the restart' });
  await h.waitForEvent(jerry, 'MESSAGE', (p) => p.id === before.id);

  // Messages in flight while the server goes down: whatever was acknowledged must survive.
  // (Sends the server dropped while stopping are never answered: the SDK rejects them after its 20 s timeout.)
  const burst = h.call(tom, 'sendMany', { cid, texts: Array.from({ length: 10 }, (_, n) => `in flight ${n}`) }, 40000);
  await server.stop('SIGTERM');

  for (const [client, id] of [[tom, tomId], [jerry, jerryId]]) {
    const down = await h.waitForEvent(client, 'DISCONNECT', (p, e) => e.client === id, 10000);
    assert.ok(down !== undefined);
  }
  const stoppedAt = Date.now();
  await server.start();
  t.diagnostic(`the server was back after ${Date.now() - stoppedAt} ms`);
  for (const [client, id] of [[tom, tomId], [jerry, jerryId]]) {
    await h.waitForEvent(client, 'RECONNECT', (p, e) => e.client === id, RECONNECT_TIMEOUT_MS);
    t.diagnostic(`${id} logged in again ${Date.now() - stoppedAt} ms after the stop`);
    const disconnectedAt = client.events.find((e) => e.name === 'DISCONNECT' && e.client === id).at;
    const reconnectedAt = client.events.find((e) => e.name === 'RECONNECT' && e.client === id).at;
    assert.ok(reconnectedAt > disconnectedAt, `${id}: RECONNECT after DISCONNECT`);
    assert.equal(client.events.filter((e) => e.name === 'RECONNECT_ERROR').length, 0, `${id} reconnected cleanly`);
  }

  const acked = (await burst).filter((r) => r.ok).map((r) => r.message);
  t.diagnostic(`${acked.length} of 10 messages sent during the stop were acknowledged`);

  // Chat works again, both ways.
  const after1 = await h.call(tom, 'send', { cid, text: 'after the restart' });
  await h.waitForEvent(jerry, 'MESSAGE', (p) => p.id === after1.id, 10000);
  const reply = await h.call(jerry, 'send', { cid, text: 'welcome back' });
  const got = await h.waitForEvent(tom, 'MESSAGE', (p) => p.id === reply.id, 10000);
  assert.equal(got.text, 'welcome back');

  // The conversation and its whole history are intact.
  const fetched = await h.call(jerry, 'getConversation', { cid, noCache: true });
  assert.equal(fetched.name, 'across restarts');
  sameMembers(fetched.members, [tomId, jerryId]);
  const history = await h.call(jerry, 'queryMessages', { cid, options: { limit: 100 } });
  const historyIds = history.map((m) => m.id);
  assert.equal(new Set(historyIds).size, historyIds.length, 'no message is stored twice');
  for (const message of [before, ...acked, after1, reply]) {
    assert.ok(historyIds.includes(message.id), `acknowledged message "${message.text}" is in history`);
  }
  assert.deepEqual(history.map((m) => m.timestamp), [...history.map((m) => m.timestamp)].sort((a, b) => a - b));

  // Nobody got anything twice, and Jerry got nothing that is not in history.
  await h.assertNoEvent(jerry, 'MESSAGE', (p) => p.cid === cid && !historyIds.includes(p.id), 500);
  const jerrysIds = messagesOf(jerry, cid).map((m) => m.id);
  assert.equal(new Set(jerrysIds).size, jerrysIds.length, 'Jerry received no message twice');
  const tomsIds = messagesOf(tom, cid).map((m) => m.id);
  assert.deepEqual(tomsIds, [reply.id], 'Tom received only Jerry\'s message, once');
});
