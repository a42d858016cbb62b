'use strict';
// createConversation({unique: true}) re-uses the conversation with exactly the same member set (docs/protocol.md §3.6).
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');
const { runTag } = require('../lib/config');
const { sameMembers } = require('../lib/expect');

const tag = runTag();
after(h.killAll);

test('unique: true gives the same conversation for the same member set', { timeout: 30000 }, async () => {
  const tomId = `Tom-${tag}`;
  const jerryId = `Jerry-${tag}`;
  const maryId = `Mary-${tag}`;
  const tom = await h.login(tomId);
  const jerry = await h.login(jerryId);

  const first = await h.call(tom, 'createConversation', { members: [jerryId], name: 'unique pair', unique: true });
  const again = await h.call(tom, 'createConversation', { members: [jerryId], name: 'another name', unique: true });
  assert.equal(again.id, first.id, 'same creator, same members: same conversation (names do not matter)');

  // The member set includes the creator, so Jerry creating it with Tom finds the same one.
  const fromJerry = await h.call(jerry, 'createConversation', { members: [tomId], unique: true });
  assert.equal(fromJerry.id, first.id, 'the other member creating the same set gets the same conversation');
  sameMembers((await h.call(jerry, 'getConversation', { cid: first.id, noCache: true })).members, [tomId, jerryId]);

  const trio = await h.call(tom, 'createConversation', { members: [jerryId, maryId], unique: true });
  assert.notEqual(trio.id, first.id, 'a different member set is a different conversation');
  const trioAgain = await h.call(jerry, 'createConversation', { members: [maryId, tomId], unique: true });
  assert.equal(trioAgain.id, trio.id, 'member order does not matter');

  const notUnique = await h.call(tom, 'createConversation', { members: [jerryId], name: 'unique pair' });
  assert.notEqual(notUnique.id, first.id, 'without unique (the 4.3.1 default) a new conversation is created');
});
