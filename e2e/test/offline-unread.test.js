'use strict';
// Messages sent to someone offline are waiting, and counted, when they return (docs/protocol.md §3.15, §3.16).
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');
const { runTag } = require('../lib/config');
const { sameMembers } = require('../lib/expect');

const tag = runTag();
after(h.killAll);

const unreadOf = (cid) => (p) => p.conversations.some((c) => c.cid === cid);
const countIn = (payload, cid) => payload.conversations.find((c) => c.cid === cid).unreadMessagesCount;

test('members invited while offline find the conversation with an exact unread count, and read() clears it', { timeout: 60000 }, async () => {
  const tomId = `Tom-${tag}`;
  const jerryId = `Jerry-${tag}`;
  const maryId = `Mary-${tag}`;
  const tom = await h.login(tomId);
  // Jerry and Mary have never logged in: they are invited while offline.
  const conv = await h.call(tom, 'createConversation', { members: [jerryId, maryId], name: 'while you were out' });
  const cid = conv.id;
  const sent = [];
  for (const text of ['one', 'two', 'three']) sent.push(await h.call(tom, 'send', { cid, text }));

  const jerry = await h.login(jerryId);
  const update = await h.waitForEvent(jerry, 'UNREAD_MESSAGES_COUNT_UPDATE', unreadOf(cid));
  assert.equal(countIn(update, cid), 3);
  const seen = await h.call(jerry, 'getConversation', { cid });
  assert.equal(seen.name, 'while you were out');
  sameMembers(seen.members, [tomId, jerryId, maryId]);
  const history = await h.call(jerry, 'queryMessages', { cid, options: { limit: 10 } });
  assert.deepEqual(history.map((m) => [m.id, m.text]), sent.map((m) => [m.id, m.text]));

  // Jerry reads, then loses his connection (no logout) while Tom writes twice more.
  assert.equal((await h.call(jerry, 'read', { cid })).unreadMessagesCount, 0);
  await h.call(jerry, 'ping', { ids: [tomId] }); // a round trip: the read went out before it
  await new Promise((resolve) => setTimeout(resolve, 300));
  await h.kill(jerry);
  sent.push(await h.call(tom, 'send', { cid, text: 'four' }));
  sent.push(await h.call(tom, 'send', { cid, text: 'five' }));

  const jerryAgain = await h.login(jerryId);
  const later = await h.waitForEvent(jerryAgain, 'UNREAD_MESSAGES_COUNT_UPDATE', unreadOf(cid));
  assert.equal(countIn(later, cid), 2, 'only what came after the read');
  // Mary never read anything: all five count; the sender's own messages never do.
  const mary = await h.login(maryId);
  assert.equal(countIn(await h.waitForEvent(mary, 'UNREAD_MESSAGES_COUNT_UPDATE', unreadOf(cid)), cid), 5);
  const full = await h.call(mary, 'queryMessages', { cid, options: { limit: 10 } });
  assert.deepEqual(full.map((m) => m.id), sent.map((m) => m.id));
  await h.assertNoEvent(tom, 'UNREAD_MESSAGES_COUNT_UPDATE', unreadOf(cid), 0);
});

test('a member with nothing new gets no unread update at login', { timeout: 30000 }, async () => {
  const aliceId = `Alice-${tag}`;
  const bobId = `Bob-${tag}`;
  const alice = await h.login(aliceId);
  const bob = await h.login(bobId);
  const conv = await h.call(alice, 'createConversation', { members: [bobId] });
  await h.waitForEvent(bob, 'INVITED', (p) => p.cid === conv.id);
  const message = await h.call(alice, 'send', { cid: conv.id, text: 'seen live' });
  await h.waitForEvent(bob, 'MESSAGE', (p) => p.id === message.id);
  await h.call(bob, 'read', { cid: conv.id });
  await h.call(bob, 'ping', { ids: [aliceId] });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await h.call(bob, 'close');

  const bobAgain = await h.login(bobId);
  await h.assertNoEvent(bobAgain, 'UNREAD_MESSAGES_COUNT_UPDATE', unreadOf(conv.id), 1000);
});
