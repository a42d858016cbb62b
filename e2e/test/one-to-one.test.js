'use strict';
// The guide's 1:1 chat, run as written: Jerry listens, Tom creates "Tom & Jerry" and sends '耗子，起床！'.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');
const { sameMembers } = require('../lib/expect');

const TEXT_MESSAGE_TYPE = -1;
after(h.killAll);

test('Tom creates a conversation with Jerry and sends a text message', { timeout: 30000 }, async () => {
  const jerry = await h.login('Jerry');
  const tom = await h.login('Tom');

  const conv = await h.call(tom, 'createConversation', { members: ['Jerry'], name: 'Tom & Jerry' });
  assert.match(conv.id, /\S/);
  assert.equal(conv.name, 'Tom & Jerry');
  assert.equal(conv.creator, 'Tom');
  sameMembers(conv.members, ['Jerry', 'Tom']);

  const invited = await h.waitForEvent(jerry, 'INVITED', (p) => p.cid === conv.id);
  assert.equal(invited.invitedBy, 'Tom');
  sameMembers(invited.convMembers, ['Jerry', 'Tom'], 'members of the conversation Jerry was invited to');

  const sent = await h.call(tom, 'send', { cid: conv.id, text: '耗子，起床！' });
  assert.equal(sent.from, 'Tom');
  assert.equal(sent.text, '耗子，起床！');
  assert.equal(typeof sent.id, 'string');
  assert.ok(sent.id.length > 0, 'the ack carries the server message id');
  assert.equal(typeof sent.timestamp, 'number');
  assert.ok(Math.abs(sent.timestamp - Date.now()) < 60000, `server timestamp ${sent.timestamp} is about now`);

  const received = await h.waitForEvent(jerry, 'MESSAGE', (p) => p.cid === conv.id);
  assert.deepEqual(
    { text: received.text, from: received.from, type: received.type, id: received.id, timestamp: received.timestamp },
    { text: '耗子，起床！', from: 'Tom', type: TEXT_MESSAGE_TYPE, id: sent.id, timestamp: sent.timestamp });

  // The sender never gets its own message back, and Jerry gets it exactly once.
  await h.assertNoEvent(tom, 'MESSAGE', (p) => p.cid === conv.id);
  assert.equal(jerry.events.filter((e) => e.name === 'MESSAGE' && e.payload.cid === conv.id).length, 1);
  await h.assertNoEvent(tom, 'INVITED', (p) => p.cid === conv.id, 0);
});

test('Jerry answers on the same conversation and Tom receives it', { timeout: 30000 }, async () => {
  const tom = await h.login('Tom');
  const conv = await h.call(tom, 'createConversation', { members: ['Jerry'], name: 'Tom & Jerry' });
  const jerry = await h.login('Jerry');
  // Jerry was offline when invited: he resolves the conversation by id, as the guide's getConversation does.
  const seen = await h.call(jerry, 'getConversation', { cid: conv.id });
  sameMembers(seen.members, ['Jerry', 'Tom']);
  assert.equal(seen.name, 'Tom & Jerry');
  assert.equal(seen.creator, 'Tom');

  const sent = await h.call(jerry, 'send', { cid: conv.id, text: '别吵，再睡五分钟' });
  const received = await h.waitForEvent(tom, 'MESSAGE', (p) => p.cid === conv.id);
  assert.deepEqual([received.text, received.from, received.id, received.timestamp],
    ['别吵，再睡五分钟', 'Jerry', sent.id, sent.timestamp]);
  await h.assertNoEvent(jerry, 'MESSAGE', (p) => p.cid === conv.id);
});
