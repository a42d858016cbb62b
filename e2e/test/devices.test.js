'use strict';
// One client id on several devices: every session gets every delivery; a new login with the same tag replaces
// the older session (CONFLICT, no reconnect); sessions without a tag, or with another tag, coexist.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');
const { runTag } = require('../lib/config');

const tag = runTag();
after(h.killAll);

/** A client process of its own (so its own device id), logged in as `clientId` with `options` (e.g. a tag). */
async function device(label, clientId, options) {
  const client = await h.spawnClient(label);
  await h.call(client, 'createIMClient', { id: clientId, options });
  return client;
}

test('a login with the same tag on another device replaces the older session', { timeout: 30000 }, async () => {
  const tomId = `Tom-${tag}`;
  const jerryId = `Jerry-${tag}`;
  const jerry = await h.login(jerryId);
  const oldPhone = await device('old phone', tomId, { tag: 'Mobile' });
  const web = await device('web', tomId, { tag: 'Web' });
  const conv = await h.call(jerry, 'createConversation', { members: [tomId] });

  const newPhone = await device('new phone', tomId, { tag: 'Mobile' });

  const conflict = await h.waitForEvent(oldPhone, 'CONFLICT', (p, e) => e.client === tomId);
  assert.ok(conflict);
  const message = await h.call(jerry, 'send', { cid: conv.id, text: 'which phone?' });
  for (const client of [newPhone, web]) {
    const got = await h.waitForEvent(client, 'MESSAGE', (p) => p.id === message.id);
    assert.equal(got.text, 'which phone?');
  }
  // The replaced phone does not come back: no reconnect attempt, no delivery.
  await h.assertNoEvent(oldPhone, 'RETRY', () => true, 2500);
  assert.equal(oldPhone.events.filter((e) => e.name === 'MESSAGE' || e.name === 'RECONNECT').length, 0);
  await h.assertNoEvent(web, 'CONFLICT', () => true, 0);
  await h.assertNoEvent(newPhone, 'CONFLICT', () => true, 0);
  assert.deepEqual(await h.call(jerry, 'ping', { ids: [tomId] }), [tomId]);
});

test('sessions without a tag coexist and each receives every message once', { timeout: 30000 }, async () => {
  const maryId = `Mary-${tag}`;
  const harryId = `Harry-${tag}`;
  const harry = await h.login(harryId);
  const laptop = await device('laptop', maryId);
  const tablet = await device('tablet', maryId);
  const conv = await h.call(harry, 'createConversation', { members: [maryId] });

  const sent = await h.call(harry, 'sendMany', { cid: conv.id, texts: ['a', 'b', 'c'] });
  const ids = sent.map((r) => r.message.id);
  for (const client of [laptop, tablet]) {
    for (const id of ids) await h.waitForEvent(client, 'MESSAGE', (p) => p.id === id);
    await h.assertNoEvent(client, 'CONFLICT', () => true, 0);
  }
  // What one of Mary's devices sends reaches her other device too, but never comes back to itself.
  const fromLaptop = await h.call(laptop, 'send', { cid: conv.id, text: 'from the laptop' });
  await h.waitForEvent(tablet, 'MESSAGE', (p) => p.id === fromLaptop.id);
  await h.waitForEvent(harry, 'MESSAGE', (p) => p.id === fromLaptop.id);
  await h.assertNoEvent(laptop, 'MESSAGE', (p) => p.id === fromLaptop.id, 500);
  for (const client of [laptop, tablet]) {
    const got = client.events.filter((e) => e.name === 'MESSAGE' && ids.includes(e.payload.id)).map((e) => e.payload.id);
    assert.deepEqual(got, ids, 'each message once, in order');
  }
});
