'use strict';
// Frames that do not decode (docs/protocol.md §3.19 "Garbage input") get an error frame or a close on the offending
// socket only; SDK clients on other sockets keep chatting and new clients can still log in.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const h = require('../lib/harness');
const raw = require('../lib/raw-socket');
const wire = require('../lib/wire');
const { config, runTag } = require('../lib/config');

const tag = runTag();
const tomId = `Tom-${tag}`;
const jerryId = `Jerry-${tag}`;
let tom; let jerry; let cid;
const sockets = [];

async function rawSocket(subprotocol) {
  const socket = await raw.openRawSocket(subprotocol);
  sockets.push(socket);
  return socket;
}

// Tom and Jerry still exchange messages both ways, each delivered once with the acked id.
async function assertStillChatting(label) {
  const fromTom = await h.call(tom, 'send', { cid, text: `Tom after ${label}` });
  const got = await h.waitForEvent(jerry, 'MESSAGE', (p) => p.cid === cid && p.id === fromTom.id);
  assert.equal(got.text, `Tom after ${label}`);
  const fromJerry = await h.call(jerry, 'send', { cid, text: `Jerry after ${label}` });
  const back = await h.waitForEvent(tom, 'MESSAGE', (p) => p.cid === cid && p.id === fromJerry.id);
  assert.equal(back.text, `Jerry after ${label}`);
}

before(async () => {
  tom = await h.login(tomId);
  jerry = await h.login(jerryId);
  cid = (await h.call(tom, 'createConversation', { members: [jerryId], name: 'under fire' })).id;
  await h.waitForEvent(jerry, 'INVITED', (p) => p.cid === cid);
});
after(async () => {
  sockets.forEach(raw.closeRawSocket);
  await h.killAll();
});

test('a well-formed session/open on a raw socket is answered (checks the raw encoder itself)', async () => {
  const socket = await rawSocket(raw.BINARY);
  socket.ws.send(wire.sessionOpen({ appId: config.appId, peerId: `Raw-${tag}`, i: 1 }));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer to a raw session/open')), 5000);
    socket.listeners.add(() => { if (socket.frames.length) { clearTimeout(timer); resolve(); } });
  });
  assert.deepEqual(raw.decodeFrame(socket.frames[0]), { cmd: wire.CMD_SESSION, i: 1, error: null });
});

test('random bytes on lc.protobuf2.3 get an error frame or a close', async () => {
  const socket = await rawSocket(raw.BINARY);
  // 0x0f is field 1 with wire type 7, which does not exist, so this never decodes whatever follows.
  socket.ws.send(Buffer.concat([Buffer.from([0x0f]), crypto.randomBytes(200)]));
  await raw.waitForErrorOrClose(socket);
  await assertStillChatting('random bytes');
});

test('a truncated protobuf command gets an error frame or a close', async () => {
  const socket = await rawSocket(raw.BINARY);
  const open = wire.sessionOpen({ appId: config.appId, peerId: `Raw-${tag}`, i: 1 });
  socket.ws.send(open.subarray(0, open.length - 8)); // cut inside sessionMessage: its length runs past the end
  await raw.waitForErrorOrClose(socket);
  await assertStillChatting('a truncated command');
});

test('bad base64 on lc.proto2base64.3 gets an error frame or a close', async () => {
  const socket = await rawSocket(raw.BASE64);
  socket.ws.send('%%% this is not base64 %%%');
  await raw.waitForErrorOrClose(socket);
  await assertStillChatting('bad base64');
});

test('a binary frame on the text subprotocol gets an error frame or a close', async () => {
  const socket = await rawSocket(raw.BASE64);
  socket.ws.send(Buffer.from([0x0f, 0xff, 0x00, 0x80]));
  await raw.waitForErrorOrClose(socket);
  await assertStillChatting('a binary frame on the text subprotocol');
});

test('after all that the server still logs in new clients, and nobody was disconnected', async () => {
  const mary = await h.login(`Mary-${tag}`);
  assert.deepEqual((await h.call(mary, 'ping', { ids: [tomId, jerryId] })).sort(), [tomId, jerryId].sort());
  await h.assertNoEvent(tom, 'DISCONNECT', () => true, 0);
  await h.assertNoEvent(jerry, 'DISCONNECT', () => true, 0);
});
