'use strict';
// History (queryMessages = logs, docs/protocol.md §3.17) and typed messages with the TypedMessagesPlugin (§4): ids and
// timestamps in history are the acked ones, oldest first, and the _lctype filter finds the image.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');
const { runTag } = require('../lib/config');

const IMAGE_MESSAGE_TYPE = -2;
const TEXT_MESSAGE_TYPE = -1;
const tag = runTag();
after(h.killAll);

test('messages come back from history oldest first, and an ImageMessage by its type', { timeout: 30000 }, async () => {
  const tomId = `Tom-${tag}`;
  const jerryId = `Jerry-${tag}`;
  const tom = await h.login(tomId, { typed: true });
  const jerry = await h.login(jerryId, { typed: true });
  const { id: cid } = await h.call(tom, 'createConversation', { members: [jerryId], name: 'history' });
  await h.waitForEvent(jerry, 'INVITED', (p) => p.cid === cid);

  const sent = [];
  for (const text of ['one', 'two', 'three']) sent.push(await h.call(tom, 'send', { cid, text }));
  const image = await h.call(tom, 'send', { cid, kind: 'image', text: 'a cat', name: 'cat.png',
    url: 'http://127.0.0.1:1/files/cat.png', fileId: `file-${tag}` });
  sent.push(image);
  assert.equal(image.type, IMAGE_MESSAGE_TYPE);

  const received = await h.waitForEvent(jerry, 'MESSAGE', (p) => p.cid === cid && p.id === image.id);
  assert.deepEqual(
    { type: received.type, text: received.text, fileUrl: received.fileUrl, fileId: received.fileId, from: received.from },
    { type: IMAGE_MESSAGE_TYPE, text: 'a cat', fileUrl: 'http://127.0.0.1:1/files/cat.png', fileId: `file-${tag}`, from: tomId });

  const timestamps = sent.map((m) => m.timestamp);
  for (let i = 1; i < timestamps.length; i++) {
    assert.ok(timestamps[i] >= timestamps[i - 1], `acked timestamps never go backwards: ${timestamps}`);
  }

  const history = await h.call(tom, 'queryMessages', { cid, options: { limit: 10 } });
  assert.deepEqual(history.map((m) => [m.id, m.timestamp, m.from, m.type]),
    sent.map((m) => [m.id, m.timestamp, tomId, m.type]), 'all four, oldest first, with the acked ids');
  assert.deepEqual(history.map((m) => m.text), ['one', 'two', 'three', 'a cat']);
  assert.deepEqual(history.slice(0, 3).map((m) => m.type), [TEXT_MESSAGE_TYPE, TEXT_MESSAGE_TYPE, TEXT_MESSAGE_TYPE]);

  const lastTwo = await h.call(jerry, 'queryMessages', { cid, options: { limit: 2 } });
  assert.deepEqual(lastTwo.map((m) => m.id), [sent[2].id, image.id], 'limit keeps the newest, still oldest first');

  const images = await h.call(jerry, 'queryMessages', { cid, options: { type: IMAGE_MESSAGE_TYPE } });
  assert.deepEqual(images.map((m) => [m.id, m.type, m.fileUrl]), [[image.id, IMAGE_MESSAGE_TYPE, 'http://127.0.0.1:1/files/cat.png']]);
});
