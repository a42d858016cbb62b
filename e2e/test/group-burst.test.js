'use strict';
// 20 members, each in its own process, all sending 25 messages at once: every member receives every other
// member's messages exactly once and in each sender's order, and history holds all 500.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');
const { runTag } = require('../lib/config');

const tag = runTag();
const MEMBERS = 20;
const PER_MEMBER = 25;
after(h.killAll);

test(`${MEMBERS} clients each sending ${PER_MEMBER} messages at once`, { timeout: 240000 }, async () => {
  const ids = Array.from({ length: MEMBERS }, (_, n) => `Burst${n}-${tag}`);
  const clients = [];
  for (let n = 0; n < MEMBERS; n += 5) {
    clients.push(...await Promise.all(ids.slice(n, n + 5).map((id) => h.login(id))));
  }
  const conv = await h.call(clients[0], 'createConversation', { members: ids.slice(1), name: 'burst' });
  const cid = conv.id;
  await Promise.all(clients.slice(1).map((client) => h.waitForEvent(client, 'INVITED', (p) => p.cid === cid)));
  // Every client resolves the conversation before the burst, so no delivery waits on a conversation query.
  await Promise.all(clients.map((client) => h.call(client, 'getConversation', { cid })));

  const results = await Promise.all(clients.map((client, n) => h.call(client, 'sendMany', {
    cid, texts: Array.from({ length: PER_MEMBER }, (_, k) => `${ids[n]}#${k}`),
  }, 120000)));
  results.forEach((sent, n) => {
    const failed = sent.filter((r) => !r.ok);
    assert.equal(failed.length, 0, `${ids[n]}: ${JSON.stringify(failed.slice(0, 3))}`);
  });
  const sentIds = new Set(results.flat().map((r) => r.message.id));
  assert.equal(sentIds.size, MEMBERS * PER_MEMBER, 'every message got its own id');

  const expected = MEMBERS * PER_MEMBER - PER_MEMBER;
  const received = (client) => client.events.filter((e) => e.name === 'MESSAGE' && e.payload.cid === cid);
  const deadline = Date.now() + 60000;
  while (clients.some((client) => received(client).length < expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await new Promise((resolve) => setTimeout(resolve, 500)); // room for duplicates to show up
  clients.forEach((client, n) => {
    const got = received(client).map((e) => e.payload);
    const gotIds = got.map((m) => m.id);
    assert.equal(new Set(gotIds).size, gotIds.length, `${ids[n]} received a message twice`);
    assert.equal(got.length, expected, `${ids[n]} received ${got.length} of ${expected}`);
    assert.ok(got.every((m) => m.from !== ids[n] && sentIds.has(m.id)), `${ids[n]}: only others' messages`);
    for (const sender of ids) {
      if (sender === ids[n]) continue;
      const order = got.filter((m) => m.from === sender).map((m) => Number(m.text.split('#')[1]));
      assert.deepEqual(order, Array.from({ length: PER_MEMBER }, (_, k) => k), `${ids[n]}: order of ${sender}`);
    }
  });

  const history = await h.call(clients[0], 'queryMessages', { cid, options: { limit: 1000 } }, 30000);
  assert.equal(history.length, MEMBERS * PER_MEMBER);
  assert.deepEqual(new Set(history.map((m) => m.id)), sentIds);
});
