'use strict';
// Editing and recalling sent messages (patch) and receipts (rcp, max_read), through the SDK's public API.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');

const TEXT_MESSAGE_TYPE = -1;
const RECALLED_MESSAGE_TYPE = -127;
after(h.killAll);

async function chat(name) {
  const jerry = await h.login('Jerry');
  const tom = await h.login('Tom');
  const conv = await h.call(tom, 'createConversation', { members: ['Jerry'], name });
  await h.waitForEvent(jerry, 'INVITED', (p) => p.cid === conv.id);
  return { tom, jerry, cid: conv.id };
}

async function historyItem(client, cid, id) {
  const history = await h.call(client, 'queryMessages', { cid, options: { limit: 10 } });
  const item = history.find((m) => m.id === id);
  assert.ok(item, `message ${id} is in the history: ${JSON.stringify(history)}`);
  return item;
}

test('Tom edits a sent message: Jerry sees the update and history returns the new text', { timeout: 30000 }, async () => {
  const { tom, jerry, cid } = await chat('edit');
  const sent = await h.call(tom, 'send', { cid, text: 'original' });
  await h.waitForEvent(jerry, 'MESSAGE', (p) => p.id === sent.id);

  const updated = await h.call(tom, 'update', { cid, id: sent.id, text: 'edited' });
  assert.equal(updated.text, 'edited');

  const seen = await h.waitForEvent(jerry, 'MESSAGE_UPDATE', (p) => p.id === sent.id);
  assert.deepEqual([seen.text, seen.type, seen.from, seen.timestamp], ['edited', TEXT_MESSAGE_TYPE, 'Tom', sent.timestamp]);
  assert.equal(typeof seen.updatedAt, 'number');
  assert.ok(seen.updatedAt > sent.timestamp, 'updatedAt is the patch time, after the send');

  for (const client of [jerry, tom]) {
    const item = await historyItem(client, cid, sent.id);
    assert.deepEqual([item.text, item.type, item.timestamp], ['edited', TEXT_MESSAGE_TYPE, sent.timestamp]);
  }
  // The editor's own session is not told about its own edit.
  await h.assertNoEvent(tom, 'MESSAGE_UPDATE', (p) => p.id === sent.id, 0);
});

test('Only the sender can recall; Jerry then sees a RecalledMessage, in history too', { timeout: 30000 }, async () => {
  const { tom, jerry, cid } = await chat('recall');
  const sent = await h.call(tom, 'send', { cid, text: 'oops' });
  await h.waitForEvent(jerry, 'MESSAGE', (p) => p.id === sent.id);

  // Jerry names Tom's message by id and timestamp (the SDK refuses a foreign Message object locally).
  await assert.rejects(h.call(jerry, 'recall', { cid, id: sent.id, timestamp: sent.timestamp }),
    (err) => err.code === 4403 && err.name === 'MESSAGE_OWNERSHIP_REQUIRED');
  await assert.rejects(h.call(tom, 'recall', { cid, id: 'no-such-message', timestamp: sent.timestamp }),
    (err) => err.code === 4404);
  assert.equal((await historyItem(jerry, cid, sent.id)).text, 'oops');

  const recalled = await h.call(tom, 'recall', { cid, id: sent.id });
  assert.equal(recalled.type, RECALLED_MESSAGE_TYPE);
  const seen = await h.waitForEvent(jerry, 'MESSAGE_RECALL', (p) => p.id === sent.id);
  assert.deepEqual([seen.type, seen.from, seen.timestamp], [RECALLED_MESSAGE_TYPE, 'Tom', sent.timestamp]);
  assert.equal(typeof seen.updatedAt, 'number');
  assert.equal((await historyItem(jerry, cid, sent.id)).type, RECALLED_MESSAGE_TYPE);
});

test('A receipt message becomes DELIVERED once Jerry receives it; read receipts and max_read follow', { timeout: 30000 }, async () => {
  const { tom, jerry, cid } = await chat('receipts');
  const before = await h.call(tom, 'watchReceipts', { cid });
  assert.equal(before.lastDeliveredAt, null);

  const sent = await h.call(tom, 'send', { cid, text: 'did you get this?', options: { receipt: true } });
  await h.waitForEvent(jerry, 'MESSAGE', (p) => p.id === sent.id);
  const delivered = await h.waitForEvent(tom, 'LAST_DELIVERED_AT_UPDATE', (p) => p.cid === cid);
  assert.ok(delivered.lastDeliveredAt >= sent.timestamp, `delivered at ${delivered.lastDeliveredAt}`);
  const status = await h.call(tom, 'messageStatus', { id: sent.id });
  assert.equal(status.status, 'delivered');
  assert.equal(status.deliveredAt, delivered.lastDeliveredAt);

  await h.call(jerry, 'read', { cid });
  const read = await h.waitForEvent(tom, 'LAST_READ_AT_UPDATE', (p) => p.cid === cid && p.lastReadAt !== null);
  assert.ok(read.lastReadAt >= sent.timestamp, `read up to ${read.lastReadAt}`);

  // Another Tom session learns the same marks from the server (max_read).
  const tomElsewhere = await h.login('Tom');
  const marks = await h.call(tomElsewhere, 'fetchReceiptTimestamps', { cid });
  assert.ok(marks.lastDeliveredAt >= sent.timestamp, `max_read delivered ${marks.lastDeliveredAt}`);
  assert.equal(marks.lastReadAt, read.lastReadAt);
});
