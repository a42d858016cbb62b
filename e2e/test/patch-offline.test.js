'use strict';
// Edits and recalls made while a member is offline reach it when it comes back (docs/protocol.md §3.1, §3.18): the
// server pushes the patches newer than the session's lastPatchTime after the login.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');
const { runTag } = require('../lib/config');

const RECALLED_MESSAGE_TYPE = -127;
const RECONNECT_TIMEOUT_MS = 20000;
const tag = runTag();
after(h.killAll);

async function chat(tomId, jerryId, name) {
  const jerry = await h.login(jerryId);
  const tom = await h.login(tomId);
  const conv = await h.call(tom, 'createConversation', { members: [jerryId], name });
  await h.waitForEvent(jerry, 'INVITED', (p) => p.cid === conv.id);
  return { tom, jerry, cid: conv.id };
}

async function sendSeen(tom, jerry, cid, text) {
  const sent = await h.call(tom, 'send', { cid, text });
  await h.waitForEvent(jerry, 'MESSAGE', (p) => p.id === sent.id);
  return sent;
}

/** Waits until the server itself no longer sees `clientId` online, as Tom's presence query tells. */
async function awaitOffline(observer, clientId) {
  const deadline = Date.now() + 5000;
  while ((await h.call(observer, 'ping', { ids: [clientId] })).includes(clientId)) {
    if (Date.now() > deadline) throw new Error(`${clientId} still looks online`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function pauseAndResume(client, clientId, whileOffline) {
  await h.call(client, 'pause');
  await h.waitForEvent(client, 'OFFLINE');
  await whileOffline();
  await h.call(client, 'resume');
  await h.waitForEvent(client, 'RECONNECT', (p, e) => e.client === clientId, RECONNECT_TIMEOUT_MS);
}

test('Tom edits and recalls while Jerry is offline: Jerry sees both updates once he is back', { timeout: 60000 }, async () => {
  const tomId = `Tom-${tag}`;
  const jerryId = `Jerry-${tag}`;
  const { tom, jerry, cid } = await chat(tomId, jerryId, 'patched while away');
  const edited = await sendSeen(tom, jerry, cid, 'first draft');
  const recalled = await sendSeen(tom, jerry, cid, 'oops');
  const untouched = await sendSeen(tom, jerry, cid, 'fine as it is');

  // Realtime.pause() is what an app does going to the background: the socket closes, the IMClient stays.
  await pauseAndResume(jerry, jerryId, async () => {
    await awaitOffline(tom, jerryId);
    await h.call(tom, 'update', { cid, id: edited.id, text: 'final text' });
    await h.call(tom, 'recall', { cid, id: recalled.id });
  });

  const seenUpdate = await h.waitForEvent(jerry, 'MESSAGE_UPDATE', (p) => p.id === edited.id);
  assert.deepEqual([seenUpdate.cid, seenUpdate.text, seenUpdate.from, seenUpdate.timestamp],
    [cid, 'final text', tomId, edited.timestamp]);
  assert.ok(seenUpdate.updatedAt > untouched.timestamp, `updatedAt ${seenUpdate.updatedAt} is the edit time`);
  const seenRecall = await h.waitForEvent(jerry, 'MESSAGE_RECALL', (p) => p.id === recalled.id);
  assert.deepEqual([seenRecall.cid, seenRecall.type, seenRecall.from, seenRecall.timestamp],
    [cid, RECALLED_MESSAGE_TYPE, tomId, recalled.timestamp]);
  assert.ok(seenRecall.updatedAt > seenUpdate.updatedAt, 'the recall came after the edit');
  // Each patch arrives once, nothing else is reported as patched, and the history agrees.
  await h.assertNoEvent(jerry, 'MESSAGE_UPDATE', (p) => p.id === untouched.id, 500);
  const updates = (name, id) => jerry.events.filter((e) => e.name === name && e.payload.id === id).length;
  assert.deepEqual([updates('MESSAGE_UPDATE', edited.id), updates('MESSAGE_RECALL', recalled.id)], [1, 1]);
  const history = await h.call(jerry, 'queryMessages', { cid, options: { limit: 10 } });
  assert.deepEqual(history.map((m) => [m.id, m.type === RECALLED_MESSAGE_TYPE ? 'recalled' : m.text]),
    [[edited.id, 'final text'], [recalled.id, 'recalled'], [untouched.id, 'fine as it is']]);

  // The next reconnect's cursor is past these patches: they are not reported again.
  await pauseAndResume(jerry, jerryId, () => awaitOffline(tom, jerryId));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.deepEqual([updates('MESSAGE_UPDATE', edited.id), updates('MESSAGE_RECALL', recalled.id)], [1, 1]);
});

test('a new client logging in later gets no patch events for edits made before it existed', { timeout: 60000 }, async () => {
  const tomId = `Tom2-${tag}`;
  const jerryId = `Jerry2-${tag}`;
  const { tom, jerry, cid } = await chat(tomId, jerryId, 'edited before');
  const sent = await sendSeen(tom, jerry, cid, 'before');
  await h.call(jerry, 'close');
  await h.call(tom, 'update', { cid, id: sent.id, text: 'after' });

  // A new Realtime's first lastPatchTime is its creation time: the edit is old news, found in the history.
  const jerryAgain = await h.login(jerryId);
  await h.assertNoEvent(jerryAgain, 'MESSAGE_UPDATE', (p) => p.id === sent.id, 1000);
  const history = await h.call(jerryAgain, 'queryMessages', { cid, options: { limit: 10 } });
  assert.deepEqual(history.map((m) => [m.id, m.text]), [[sent.id, 'after']]);
});
