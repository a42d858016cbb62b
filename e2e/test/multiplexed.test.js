'use strict';
// Several IMClients on one Realtime share one socket (docs/protocol.md §1.8): pushes must reach the right
// client by peerId.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');
const { runTag } = require('../lib/config');
const { sameMembers } = require('../lib/expect');

const tag = runTag();
after(h.killAll);

test('Tom and Jerry on one Realtime chat with each other; events land on the right client', { timeout: 30000 }, async () => {
  const tomId = `Tom-${tag}`;
  const jerryId = `Jerry-${tag}`;
  const maryId = `Mary-${tag}`;
  const shared = await h.spawnClient('Tom+Jerry');
  assert.deepEqual(await h.call(shared, 'createIMClient', { id: tomId }), { id: tomId });
  assert.deepEqual(await h.call(shared, 'createIMClient', { id: jerryId }), { id: jerryId });
  const mary = await h.login(maryId); // on her own socket, to mix both kinds of connection

  const on = (clientId, pred = () => true) => (p, e) => e.client === clientId && pred(p);
  const conv = await h.call(shared, 'createConversation', { client: tomId, members: [jerryId, maryId], name: 'shared socket' });
  const cid = conv.id;
  const inConv = (p) => p.cid === cid;

  const invited = await h.waitForEvent(shared, 'INVITED', on(jerryId, inConv));
  assert.equal(invited.invitedBy, tomId);
  sameMembers(invited.convMembers, [tomId, jerryId, maryId]);
  assert.equal((await h.waitForEvent(mary, 'INVITED', inConv)).invitedBy, tomId);

  const fromTom = await h.call(shared, 'send', { client: tomId, cid, text: 'Jerry, over here' });
  const jerryGot = await h.waitForEvent(shared, 'MESSAGE', on(jerryId, inConv));
  assert.deepEqual([jerryGot.text, jerryGot.from, jerryGot.id], ['Jerry, over here', tomId, fromTom.id]);
  const maryGot = await h.waitForEvent(mary, 'MESSAGE', (p) => inConv(p) && p.id === fromTom.id);
  assert.equal(maryGot.from, tomId);

  const fromJerry = await h.call(shared, 'send', { client: jerryId, cid, text: 'Coming, Tom' });
  const tomGot = await h.waitForEvent(shared, 'MESSAGE', on(tomId, inConv));
  assert.deepEqual([tomGot.text, tomGot.from, tomGot.id], ['Coming, Tom', jerryId, fromJerry.id]);
  await h.waitForEvent(mary, 'MESSAGE', (p) => inConv(p) && p.id === fromJerry.id);

  const fromMary = await h.call(mary, 'send', { cid, text: 'Both of you, stop' });
  for (const clientId of [tomId, jerryId]) {
    const got = await h.waitForEvent(shared, 'MESSAGE', on(clientId, (p) => inConv(p) && p.id === fromMary.id));
    assert.equal(got.from, maryId);
  }

  // Each client saw exactly the messages of the others: nothing of its own, nothing twice.
  const messagesOf = (clientId) => shared.events.filter((e) => e.name === 'MESSAGE' && e.client === clientId)
    .map((e) => e.payload.id).sort();
  await h.assertNoEvent(shared, 'INVITED', on(tomId), 500);
  assert.deepEqual(messagesOf(tomId), [fromJerry.id, fromMary.id].sort());
  assert.deepEqual(messagesOf(jerryId), [fromTom.id, fromMary.id].sort());

  assert.deepEqual((await h.call(mary, 'ping', { ids: [tomId, jerryId] })).sort(), [tomId, jerryId].sort());
  await h.call(shared, 'close', { client: jerryId });
  const stillThere = await h.call(shared, 'send', { client: tomId, cid, text: 'Jerry left the socket' });
  await h.waitForEvent(mary, 'MESSAGE', (p) => inConv(p) && p.id === stillThere.id);
});
