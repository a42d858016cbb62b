'use strict';
// An oversized message (~6 KiB, over LeanCloud's 5 KB limit) is refused with an error response and the
// connection stays usable (docs/protocol.md §1.1, §3.12).
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');
const { runTag } = require('../lib/config');
const { assertServerError } = require('../lib/expect');

const tag = runTag();
after(h.killAll);

test('a 6 KiB text message is refused, then a normal one on the same client is delivered', { timeout: 30000 }, async () => {
  const tomId = `Tom-${tag}`;
  const jerryId = `Jerry-${tag}`;
  const tom = await h.login(tomId);
  const jerry = await h.login(jerryId);
  const { id: cid } = await h.call(tom, 'createConversation', { members: [jerryId], name: 'size limits' });
  await h.waitForEvent(jerry, 'INVITED', (p) => p.cid === cid);

  const big = 'x'.repeat(6 * 1024);
  await assert.rejects(h.call(tom, 'send', { cid, text: big }), (err) => assertServerError(err));

  const sent = await h.call(tom, 'send', { cid, text: 'small enough' });
  const got = await h.waitForEvent(jerry, 'MESSAGE', (p) => p.cid === cid && p.text === 'small enough');
  assert.deepEqual([got.from, got.id, got.timestamp], [tomId, sent.id, sent.timestamp]);

  await h.assertNoEvent(jerry, 'MESSAGE', (p) => p.cid === cid && p.text === big, 0);
  await h.assertNoEvent(tom, 'DISCONNECT', () => true, 0);
  assert.equal(jerry.events.filter((e) => e.name === 'MESSAGE' && e.payload.cid === cid).length, 1);
});
