'use strict';
// Group chat and membership changes, rows 13-25 of the seed walkthrough (docs/protocol.md §5), one process per user.
const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');
const { sameMembers, assertServerError } = require('../lib/expect');

describe('group chat: add, remove, join, quit', { timeout: 60000 }, () => {
  let tom; let jerry; let mary; let william; let cid;
  const inConv = (p) => p.cid === cid;

  before(async () => {
    [tom, jerry, mary, william] = await Promise.all(['Tom', 'Jerry', 'Mary', 'William'].map((id) => h.login(id)));
    const conv = await h.call(tom, 'createConversation', { members: ['Jerry'], name: 'Tom & Jerry' });
    cid = conv.id;
    await h.waitForEvent(jerry, 'INVITED', inConv);
    await h.call(tom, 'send', { cid, text: '耗子，起床！' });
    await h.waitForEvent(jerry, 'MESSAGE', inConv);
  });
  after(h.killAll);

  it('Tom adds Mary: MEMBERS_JOINED to Tom and Jerry, INVITED to Mary', async () => {
    const result = await h.call(tom, 'add', { cid, members: ['Mary'] });
    assert.deepEqual(result.successfulClientIds, ['Mary']);
    assert.deepEqual(result.failures, []);
    sameMembers(result.members, ['Jerry', 'Tom', 'Mary']);

    for (const client of [tom, jerry]) {
      const joined = await h.waitForEvent(client, 'MEMBERS_JOINED', inConv);
      assert.deepEqual({ members: joined.members, invitedBy: joined.invitedBy }, { members: ['Mary'], invitedBy: 'Tom' });
      sameMembers(joined.convMembers, ['Jerry', 'Tom', 'Mary'], `${client.label}'s local members`);
    }
    const invited = await h.waitForEvent(mary, 'INVITED', inConv);
    assert.equal(invited.invitedBy, 'Tom');
    sameMembers(invited.convMembers, ['Jerry', 'Tom', 'Mary'], 'the conversation as Mary fetched it');
  });

  it('a message to the group reaches every member but the sender', async () => {
    const sent = await h.call(tom, 'send', { cid, text: 'Welcome, Mary' });
    for (const client of [jerry, mary]) {
      const got = await h.waitForEvent(client, 'MESSAGE', (p) => inConv(p) && p.text === 'Welcome, Mary');
      assert.deepEqual([got.from, got.id, got.timestamp], ['Tom', sent.id, sent.timestamp]);
    }
    await h.assertNoEvent(tom, 'MESSAGE', inConv);
  });

  it('Tom removes Mary: MEMBERS_LEFT to Tom and Jerry, KICKED to Mary', async () => {
    const result = await h.call(tom, 'remove', { cid, members: ['Mary'] });
    assert.deepEqual(result.successfulClientIds, ['Mary']);
    sameMembers(result.members, ['Jerry', 'Tom']);

    for (const client of [tom, jerry]) {
      const left = await h.waitForEvent(client, 'MEMBERS_LEFT', inConv);
      assert.deepEqual({ members: left.members, kickedBy: left.kickedBy }, { members: ['Mary'], kickedBy: 'Tom' });
      sameMembers(left.convMembers, ['Jerry', 'Tom'], `${client.label}'s local members`);
    }
    const kicked = await h.waitForEvent(mary, 'KICKED', inConv);
    assert.equal(kicked.kickedBy, 'Tom');
  });

  it('the kicked Mary cannot send: 4401 INVALID_MESSAGING_TARGET', async () => {
    await assert.rejects(h.call(mary, 'send', { cid, text: 'let me back in' }), (err) => assertServerError(err, 4401));
    await h.assertNoEvent(jerry, 'MESSAGE', (p) => inConv(p) && p.text === 'let me back in', 500);
    await h.assertNoEvent(tom, 'MESSAGE', (p) => inConv(p) && p.text === 'let me back in', 0);
  });

  it('William fetches the conversation by id and joins: MEMBERS_JOINED invitedBy William to all', async () => {
    const fetched = await h.call(william, 'getConversation', { cid });
    sameMembers(fetched.members, ['Jerry', 'Tom'], 'members William sees before joining');
    assert.equal(fetched.name, 'Tom & Jerry');

    const joined = await h.call(william, 'join', { cid });
    sameMembers(joined.members, ['Jerry', 'Tom', 'William']);
    for (const client of [tom, jerry, william]) {
      const event = await h.waitForEvent(client, 'MEMBERS_JOINED', (p) => inConv(p) && p.members.includes('William'));
      assert.deepEqual({ members: event.members, invitedBy: event.invitedBy },
        { members: ['William'], invitedBy: 'William' }, `${client.label}'s MEMBERS_JOINED`);
      sameMembers(event.convMembers, ['Jerry', 'Tom', 'William'], `${client.label}'s local members`);
    }
    await h.assertNoEvent(mary, 'MEMBERS_JOINED', (p) => inConv(p) && p.members.includes('William'), 0);
  });

  it('Jerry quits: MEMBERS_LEFT kickedBy Jerry to Tom, William and Jerry', async () => {
    const quit = await h.call(jerry, 'quit', { cid });
    sameMembers(quit.members, ['Tom', 'William']);
    for (const client of [tom, william, jerry]) {
      const event = await h.waitForEvent(client, 'MEMBERS_LEFT', (p) => inConv(p) && p.members.includes('Jerry'));
      assert.deepEqual({ members: event.members, kickedBy: event.kickedBy },
        { members: ['Jerry'], kickedBy: 'Jerry' }, `${client.label}'s MEMBERS_LEFT`);
      sameMembers(event.convMembers, ['Tom', 'William'], `${client.label}'s local members`);
    }
    const serverView = await h.call(tom, 'getConversation', { cid, noCache: true });
    sameMembers(serverView.members, ['Tom', 'William'], 'members stored on the server');
  });

  it('a message to the group reaches William, and neither the kicked Mary nor Jerry who quit', async () => {
    const sent = await h.call(tom, 'send', { cid, text: 'Just the two of us' });
    const got = await h.waitForEvent(william, 'MESSAGE', (p) => inConv(p) && p.text === 'Just the two of us');
    assert.deepEqual([got.from, got.id, got.timestamp], ['Tom', sent.id, sent.timestamp]);
    const notForThem = (p) => inConv(p) && p.text === 'Just the two of us';
    await h.assertNoEvent(mary, 'MESSAGE', notForThem);
    await h.assertNoEvent(jerry, 'MESSAGE', notForThem, 0);
    await h.assertNoEvent(tom, 'MESSAGE', notForThem, 0);
  });
});
