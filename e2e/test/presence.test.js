'use strict';
// client.ping(ids) (session/query) answers from presence: right after login, logout and a lost connection.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');
const { runTag } = require('../lib/config');
const { eventually } = require('../lib/expect');

const tag = runTag();
after(h.killAll);

test('ping reports who is online after login, logout and socket loss', { timeout: 30000 }, async () => {
  const tomId = `Tom-${tag}`;
  const jerryId = `Jerry-${tag}`;
  const nobodyId = `Nobody-${tag}`;
  const jerry = await h.login(jerryId);
  const ping = async () => (await h.call(jerry, 'ping', { ids: [tomId, jerryId, nobodyId] })).sort();

  assert.deepEqual(await ping(), [jerryId]);
  const tom = await h.login(tomId);
  assert.deepEqual(await ping(), [jerryId, tomId].sort());

  await h.call(tom, 'close'); // logout: offline as soon as the logout is answered
  assert.deepEqual(await ping(), [jerryId]);

  const tomAgain = await h.login(tomId);
  assert.deepEqual(await ping(), [jerryId, tomId].sort());
  await h.kill(tomAgain); // the process dies: no logout, the socket just drops
  await eventually(async () => assert.deepEqual(await ping(), [jerryId]), 5000);
});
