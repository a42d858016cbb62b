'use strict';
// LeanCloud's login and conversation signatures with the official SDK's signatureFactory and
// conversationSignatureFactory, against a server of its own with IM_LOGIN_SIGNATURE=on and
// IM_CONVERSATION_SIGNATURE=on. The factories ask an app server (lib/app-server.js) that signs with the master key,
// as LeanCloud's security guide has apps do; the test makes it hand out wrong, stale and replayed signatures too.
// Every refusal must reach the app as the SDK's error (4102 / 4302) and leave the server as it was.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');
const { config, runTag } = require('../lib/config');
const { sameMembers } = require('../lib/expect');
const { createServer, unavailableReason } = require('../lib/server-process');
const { startAppServer } = require('../lib/app-server');

const tag = runTag();
const skip = unavailableReason() ?? false;
let server;
let app;

before(async () => {
  if (skip) return;
  server = await createServer({ IM_LOGIN_SIGNATURE: 'on', IM_CONVERSATION_SIGNATURE: 'on' });
  await server.start();
  app = await startAppServer({ appId: config.appId, masterKey: server.masterKey });
});
after(async () => {
  await h.killAll();
  if (app) await app.close();
  if (server) await server.dispose();
});

/** A client process whose createIMClient uses the app server's signatures; the next ones follow `modes`. */
async function signedClient(id, ...modes) {
  app.plan(...modes);
  const client = await h.spawnClient(id, server.clientOptions);
  return { client, login: h.call(client, 'createIMClient', { id, signUrl: app.url }) };
}

async function login(id, ...modes) {
  const { client, login: done } = await signedClient(id, ...modes);
  await done;
  return client;
}

async function assertRefused(promise, code, what) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.code, code, `${what}: ${err.message}`);
    return true;
  }, what);
}

test('logins signed by the app server open sessions, with timestamps in ms or in seconds', { skip, timeout: 60000 },
  async () => {
    const tomId = `Tom-${tag}`;
    const jerryId = `Jerry-${tag}`;
    const tom = await login(tomId, 'right');
    await login(jerryId, 'seconds');
    assert.deepEqual(await h.call(tom, 'ping', { ids: [tomId, jerryId] }), [tomId, jerryId]);
  });

test('unsigned, wrong, stale and replayed logins fail with 4102 and open no session', { skip, timeout: 60000 },
  async () => {
    const watcherId = `Watcher-${tag}`;
    const victimId = `Victim-${tag}`;
    const watcher = await login(watcherId);

    const unsigned = await h.spawnClient(`${victimId}-unsigned`, server.clientOptions);
    await assertRefused(h.call(unsigned, 'createIMClient', { id: victimId }), 4102, 'no signatureFactory');
    for (const mode of ['wrong', 'stale']) {
      const { login: attempt } = await signedClient(victimId, mode);
      await assertRefused(attempt, 4102, `${mode} signature`);
    }
    // The victim logs in with a good signature and logs out; the same signature used again is refused.
    const victim = await login(victimId, 'right');
    await h.call(victim, 'close', {});
    const { login: replayed } = await signedClient(victimId, 'replay');
    await assertRefused(replayed, 4102, 'replayed signature');
    const victimLogin = app.issued.findLast((i) => i.mode === 'right' && i.request.clientId === victimId);
    assert.deepEqual(app.issued.at(-1).answer, victimLogin.answer, 'the replay reused the victim\'s signature');

    assert.deepEqual(await h.call(watcher, 'ping', { ids: [victimId, watcherId] }), [watcherId],
      'no refused login left a session behind');
  });

test('a reconnect with its session token needs no new signature', { skip, timeout: 90000 }, async () => {
  const id = `Roamer-${tag}`;
  const roamer = await login(id);
  const signed = app.issued.length;
  await h.call(roamer, 'pause');
  await h.waitForEvent(roamer, 'DISCONNECT', () => true, 10000);
  await h.call(roamer, 'resume');
  await h.waitForEvent(roamer, 'RECONNECT', (p, e) => e.client === id, 30000);
  assert.equal(roamer.events.filter((e) => e.name === 'RECONNECT_ERROR').length, 0);
  assert.equal(app.issued.length, signed, 'the SDK asked for no signature on reconnect');
  const other = await login(`Other-${tag}`);
  assert.deepEqual(await h.call(other, 'ping', { ids: [id] }), [id]);
});

test('conversation signatures: start, add, remove, join with both action names; failures change nothing',
  { skip, timeout: 120000 }, async () => {
    const tomId = `Tom-c-${tag}`;
    const jerryId = `Jerry-c-${tag}`;
    const maryId = `Mary-c-${tag}`;
    const williamId = `William-c-${tag}`;
    const tom = await login(tomId);
    const jerry = await login(jerryId);
    const mary = await login(maryId);
    const william = await login(williamId);

    // Creation: wrong, stale and replayed signatures create nothing, so Jerry is invited to nothing.
    const { id: cid } = await h.call(tom, 'createConversation', { members: [jerryId], name: 'signed' });
    await h.waitForEvent(jerry, 'INVITED', (p) => p.cid === cid);
    for (const mode of ['wrong', 'stale', 'replay']) {
      app.plan(mode);
      await assertRefused(h.call(tom, 'createConversation', { members: [jerryId], name: `refused ${mode}` }), 4302,
        `start with a ${mode} signature`);
    }
    const { id: barrier } = await h.call(tom, 'createConversation', { members: [jerryId], name: 'barrier' });
    await h.waitForEvent(jerry, 'INVITED', (p) => p.cid === barrier);
    assert.deepEqual(jerry.events.filter((e) => e.name === 'INVITED').map((e) => e.payload.cid), [cid, barrier],
      'Jerry was invited to the signed conversations only');

    // Membership: refused changes leave the members as they were and push nothing.
    for (const mode of ['wrong', 'stale']) {
      app.plan(mode);
      await assertRefused(h.call(tom, 'add', { cid, members: [maryId] }), 4302, `add with a ${mode} signature`);
    }
    app.plan('right'); // 4.3.1's action name, "add"
    assert.deepEqual((await h.call(tom, 'add', { cid, members: [maryId] })).successfulClientIds, [maryId]);
    await h.waitForEvent(mary, 'INVITED', (p) => p.cid === cid);
    app.plan('replay');
    await assertRefused(h.call(tom, 'remove', { cid, members: [maryId] }), 4302, 'an add signature replayed for a removal');
    app.plan('v5'); // 5.x's action name, "kick"
    assert.deepEqual((await h.call(tom, 'remove', { cid, members: [maryId] })).successfulClientIds, [maryId]);
    await h.waitForEvent(mary, 'KICKED', (p) => p.cid === cid);
    app.plan('v5'); // "invite"
    await h.call(tom, 'add', { cid, members: [maryId] });
    await h.waitForEvent(mary, 'INVITED', (p) => p.cid === cid);
    app.plan('replay');
    await assertRefused(h.call(tom, 'remove', { cid, members: [maryId] }), 4302, 'a replayed invite');

    app.plan('wrong');
    await assertRefused(h.call(william, 'join', { cid }), 4302, 'join with a wrong signature');
    await h.call(william, 'join', { cid });

    const seen = await h.call(jerry, 'getConversation', { cid, noCache: true });
    sameMembers(seen.members, [tomId, jerryId, maryId, williamId], 'members after the signed changes only');
    assert.deepEqual(mary.events.filter((e) => e.name === 'INVITED' || e.name === 'KICKED').map((e) => e.name),
      ['INVITED', 'KICKED', 'INVITED'], 'Mary heard of the signed changes only');
  });
