'use strict';
// Two gateways and one process of each service on 127.0.0.1 (started by MultiProcessClusterTest). SDK clients on
// different gateways chat 1:1 and in a group and see each other's presence; gateway A is killed with SIGKILL and its
// clients (RTMServers [A, B]) carry on through B; A is restarted and rejoins; message-service is killed and
// restarted under traffic. Nothing acknowledged may be lost, and no client may receive a message twice.
// The tests run in order and share the cluster and the clients.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('../lib/harness');
const { runTag } = require('../lib/config');
const { eventually, assertServerError, sameMembers } = require('../lib/expect');
const { ClusterProcesses, unavailableReason } = require('./lib/processes');
const chat = require('./lib/chat');

const RECONNECT_TIMEOUT_MS = 30000;
/** The SDK rejects a send that got no answer after 20 s; sends in flight at a gateway's death may end that way. */
const IN_FLIGHT_TIMEOUT_MS = 40000;
/** A gateway's death is seen by the cluster within seconds (Hazelcast: 10 s without heartbeat at most). */
const STALE_PRESENCE_BOUND_MS = 20000;
/** A send that reaches no service must fail well before the SDK's own 20 s timeout. */
const FAIL_FAST_BOUND_MS = 12000;
const TRAFFIC_INTERVAL_MS = 250;
const RESUME_TIMEOUT_MS = 60000;

const skip = unavailableReason() ?? false;
const tag = runTag();
const ID = Object.fromEntries(['tom', 'mary', 'butch', 'ghost', 'jerry', 'spike', 'nibbles', 'nobody']
  .map((name) => [name, `${name[0].toUpperCase()}${name.slice(1)}-${tag}`]));
const ASKED = Object.values(ID);
const client = {};
const acked = { direct: [], group: [] };
let cluster;
let direct;
let group;
let gatewayKilledAt;

before(() => {
  if (!skip) cluster = ClusterProcesses.load();
});
after(h.killAll);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const online = (...names) => names.map((name) => ID[name]).sort();
const ping = async (from, ids = ASKED) => (await h.call(from, 'ping', { ids })).sort();
const eventAt = (c, name, id) => c.events.find((e) => e.name === name && e.client === id)?.at;

async function waitUntil(condition, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** `read` has no response: a ping round trip shows it left, a short pause lets message-service apply it. */
async function readAll(reader, cid) {
  await h.call(reader, 'read', { cid });
  await h.call(reader, 'ping', { ids: [ID.nobody] });
  await sleep(300);
}

/** No client got back a message it sent itself. */
function assertNoEcho(names) {
  for (const name of names) {
    assert.deepEqual(chat.received(client[name]).filter((m) => m.from === ID[name]), [], `${ID[name]} got an echo`);
  }
}

/**
 * Messages sent to `name` while its gateway was dead and not pushed to it later are counted by an unread update
 * received after its connection dropped.
 */
async function assertMissedAreCounted(t, name, cid, sentWhileAway) {
  const missed = sentWhileAway.filter((m) => !chat.received(client[name], cid).some((r) => r.id === m.id));
  t.diagnostic(`${ID[name]} missed ${missed.length} of ${sentWhileAway.length} messages sent while away`);
  if (missed.length === 0) return;
  const droppedAt = eventAt(client[name], 'DISCONNECT', ID[name]);
  const update = await h.waitForEvent(client[name], 'UNREAD_MESSAGES_COUNT_UPDATE',
    (p, e) => e.at >= droppedAt && p.conversations.some((c) => c.cid === cid));
  const count = update.conversations.find((c) => c.cid === cid).unreadMessagesCount;
  assert.ok(count >= missed.length, `${ID[name]}'s unread count ${count} covers the ${missed.length} missed`);
}

async function checkHistoriesAndDuplicates(reader, receivers) {
  const histories = new Map([
    [direct, await chat.assertHistoryHolds(reader, direct, acked.direct)],
    [group, await chat.assertHistoryHolds(reader, group, acked.group)],
  ]);
  chat.assertNoDuplicates(receivers);
  chat.assertReceivedAreStored(receivers, histories);
  return histories;
}

test('clients on two gateways chat 1:1 and in a group and see each other online', { skip, timeout: 150000 }, async (t) => {
  const [A, B] = [cluster.url('gateway-a'), cluster.url('gateway-b')];
  // The SDK shuffles RTMServers: gateway B is started only now, so that these clients are surely on A.
  assert.equal(cluster.isRunning('gateway-b'), false, 'gateway B is started by this suite');
  client.tom = await h.login(ID.tom, { url: [A, B] });
  client.mary = await h.login(ID.mary, { url: [A, B] });
  client.butch = await h.login(ID.butch, { url: [A, B] });
  client.ghost = await h.login(ID.ghost, { url: [A] });
  const startedAt = Date.now();
  await cluster.start('gateway-b');
  t.diagnostic(`gateway B joined the cluster and was healthy after ${Date.now() - startedAt} ms`);
  client.jerry = await h.login(ID.jerry, { url: [B] });
  client.spike = await h.login(ID.spike, { url: [B] });

  const everyone = online('tom', 'mary', 'butch', 'ghost', 'jerry', 'spike');
  assert.deepEqual(await ping(client.jerry), everyone, 'presence seen from gateway B');
  assert.deepEqual(await ping(client.tom), everyone, 'presence seen from gateway A');

  const conv = await h.call(client.tom, 'createConversation', { members: [ID.jerry], name: 'across gateways' });
  direct = conv.id;
  await h.waitForEvent(client.jerry, 'INVITED', (p) => p.cid === direct);
  acked.direct.push(await chat.sendAndDeliver(client.tom, direct, 'hello from A', [client.jerry]));
  acked.direct.push(await chat.sendAndDeliver(client.jerry, direct, 'hello from B', [client.tom]));

  const others = [ID.tom, ID.jerry, ID.spike, ID.ghost];
  const created = await h.call(client.mary, 'createConversation', { members: others, name: 'two gateways' });
  group = created.id;
  sameMembers(created.members, [ID.mary, ...others]);
  for (const name of ['tom', 'jerry', 'spike', 'ghost']) {
    await h.waitForEvent(client[name], 'INVITED', (p) => p.cid === group);
  }
  const { tom, mary, ghost, jerry, spike } = client;
  acked.group.push(await chat.sendAndDeliver(mary, group, 'group hello from A', [tom, jerry, spike, ghost]));
  acked.group.push(await chat.sendAndDeliver(spike, group, 'group hello from B', [mary, tom, jerry, ghost]));
  assertNoEcho(['tom', 'mary', 'jerry', 'spike']);

  // Spike reads and logs out: offline at once on both gateways. He comes back at the end for his unread count.
  await readAll(spike, group);
  await h.call(spike, 'close');
  const withoutSpike = online('tom', 'mary', 'butch', 'ghost', 'jerry');
  assert.deepEqual(await ping(tom), withoutSpike, 'a logout on B, seen from A');
  assert.deepEqual(await ping(jerry), withoutSpike, 'a logout on B, seen from B');
});

test('gateway A killed with SIGKILL: its clients reconnect through B and chat on', { skip, timeout: 120000 }, async (t) => {
  const { tom, mary, jerry } = client;
  await readAll(tom, direct); // so that what Tom misses while away counts as unread

  // Sends in flight when the gateway dies: answered or not, whatever was acknowledged must be stored.
  // The kill lands once the first of them has gone through, while the others are at some stage of theirs.
  const texts = Array.from({ length: 20 }, (_, n) => `in flight ${n}`);
  const burst = h.call(tom, 'sendMany', { cid: direct, texts }, IN_FLIGHT_TIMEOUT_MS);
  await h.waitForEvent(jerry, 'MESSAGE', (p) => p.text === texts[0], 10000);
  gatewayKilledAt = await cluster.kill('gateway-a');
  await h.kill(client.ghost); // a device gone with its gateway: no logout, no reconnect
  // Deliveries aimed at gateway A's clients while they are away.
  const awayDirect = await h.call(jerry, 'send', { cid: direct, text: 'while you were away' });
  const awayGroup = await h.call(jerry, 'send', { cid: group, text: 'group, while A is down' });
  acked.direct.push(awayDirect);
  acked.group.push(awayGroup);

  for (const name of ['tom', 'mary', 'butch']) {
    const id = ID[name];
    await h.waitForEvent(client[name], 'DISCONNECT', (p, e) => e.client === id, 10000);
    await h.waitForEvent(client[name], 'RECONNECT', (p, e) => e.client === id, RECONNECT_TIMEOUT_MS);
    t.diagnostic(`${id} was logged in again through gateway B ${Date.now() - gatewayKilledAt} ms after the kill`);
    assert.ok(eventAt(client[name], 'RECONNECT', id) >= eventAt(client[name], 'DISCONNECT', id));
    const errors = client[name].events.filter((e) => e.name === 'RECONNECT_ERROR');
    assert.deepEqual(errors, [], `${id} resumed its session cleanly`);
  }
  assert.deepEqual(jerry.events.filter((e) => e.name === 'DISCONNECT'), [], 'gateway B\'s clients stay connected');

  acked.direct.push(await chat.sendAndDeliver(tom, direct, 'back, through B', [jerry]));
  acked.group.push(await chat.sendAndDeliver(jerry, group, 'welcome back', [tom, mary]));
  acked.group.push(await chat.sendAndDeliver(mary, group, 'thanks', [tom, jerry]));
  await assertMissedAreCounted(t, 'tom', direct, [awayDirect]);
  await assertMissedAreCounted(t, 'mary', group, [awayGroup]);

  const inFlight = (await burst).filter((r) => r.ok).map((r) => r.message);
  acked.direct.push(...inFlight);
  const history = await checkHistoriesAndDuplicates(jerry, [tom, mary, jerry]);
  const stored = history.get(direct).filter((m) => texts.includes(m.text)).length;
  t.diagnostic(`${texts.length} sends in flight at the kill: ${inFlight.length} acknowledged, ${stored} stored`);
  assertNoEcho(['tom', 'mary', 'jerry']);
});

test('presence after the kill: A\'s clients are online through B, one gone with A is offline within 20 s', { skip, timeout: 60000 }, async (t) => {
  const expected = online('tom', 'mary', 'butch', 'jerry');
  const remaining = Math.max(0, gatewayKilledAt + STALE_PRESENCE_BOUND_MS - Date.now());
  await eventually(async () => assert.deepEqual(await ping(client.jerry), expected,
    `${ID.ghost} vanished with gateway A ${Date.now() - gatewayKilledAt} ms ago: the survivors must drop A's presence`
    + ' entries (or they must lapse) within 20 s'), remaining, 500);
  t.diagnostic(`presence was right ${Date.now() - gatewayKilledAt} ms after the kill`);
});

test('a client that moved from A to B logs out: offline at once on every gateway', { skip, timeout: 30000 }, async () => {
  await h.call(client.butch, 'close');
  const asked = [ID.butch, ID.jerry];
  assert.deepEqual(await ping(client.jerry, asked), [ID.jerry],
    `${ID.butch} logged out through B; the entry gateway A left behind must not keep him online`);
});

test('gateway A restarted rejoins the cluster: a client on it chats with clients on B', { skip, timeout: 120000 }, async (t) => {
  const startedAt = Date.now();
  await cluster.start('gateway-a');
  t.diagnostic(`gateway A was back after ${Date.now() - startedAt} ms`);
  const { tom, mary, jerry } = client;
  client.nibbles = await h.login(ID.nibbles, { url: [cluster.url('gateway-a')] });
  await h.call(tom, 'add', { cid: group, members: [ID.nibbles] });
  await h.waitForEvent(client.nibbles, 'INVITED', (p) => p.cid === group);
  acked.group.push(await chat.sendAndDeliver(client.nibbles, group, 'hi from the new A', [tom, mary, jerry]));
  acked.group.push(await chat.sendAndDeliver(jerry, group, 'hi Nibbles', [client.nibbles, tom, mary]));
  // (Ghost's stale entry is the previous test's business.)
  const asked = [ID.tom, ID.mary, ID.jerry, ID.nibbles, ID.nobody];
  assert.deepEqual(await ping(client.nibbles, asked), online('tom', 'mary', 'jerry', 'nibbles'), 'seen from A');
  assert.deepEqual(await ping(jerry, asked), online('tom', 'mary', 'jerry', 'nibbles'), 'seen from B');
});

test('message-service killed and restarted under traffic: sends fail fast or succeed, none acknowledged is lost', { skip, timeout: 180000 }, async (t) => {
  const { tom, mary, jerry, nibbles } = client;
  const traffic = chat.startTraffic([{ client: tom, cid: direct }, { client: nibbles, cid: group }],
    TRAFFIC_INTERVAL_MS, IN_FLIGHT_TIMEOUT_MS);
  let killedAt;
  let rejoinedAt;
  try {
    await waitUntil(() => traffic.records.filter((r) => r.ok).length >= 3, 10000, 'traffic before the kill');
    killedAt = await cluster.kill('message');
    await waitUntil(() => traffic.records.filter((r) => r.startedAt > killedAt).length >= 4, 10000,
      'sends into the gap');
    // Once gateway B sees message-service gone, a send from an idle socket reaches no handler at all.
    await cluster.awaitHealth('gateway-b', false, 15000);
    const probeAt = Date.now();
    await assert.rejects(h.call(jerry, 'send', { cid: direct, text: 'nobody home' }, IN_FLIGHT_TIMEOUT_MS),
      (err) => assertServerError(err));
    const probeMs = Date.now() - probeAt;
    t.diagnostic(`a send while gateway B reported message-service down was refused after ${probeMs} ms`);
    assert.ok(probeMs < FAIL_FAST_BOUND_MS, `a send to a missing message-service took ${probeMs} ms to fail`);
    rejoinedAt = await cluster.start('message');
    t.diagnostic(`message-service was healthy again ${rejoinedAt - killedAt} ms after the kill`);
    await waitUntil(() => traffic.records.filter((r) => r.ok && r.startedAt >= rejoinedAt).length >= 4,
      RESUME_TIMEOUT_MS, 'four acknowledged sends after message-service rejoined');
  } finally {
    await traffic.stop();
  }
  const { records } = traffic;
  const failed = records.filter((r) => !r.ok);
  t.diagnostic(chat.describeTraffic(records, killedAt, rejoinedAt));
  for (const r of failed) {
    assertServerError(r.error);
    assert.ok(r.settledAt - r.startedAt < FAIL_FAST_BOUND_MS,
      `"${r.text}" from ${r.client} failed only after ${r.settledAt - r.startedAt} ms: ${r.error.message}`);
  }
  const ok = records.filter((r) => r.ok);
  acked.direct.push(...ok.filter((r) => r.cid === direct).map((r) => r.message));
  acked.group.push(...ok.filter((r) => r.cid === group).map((r) => r.message));

  // Traffic resumed: what was sent after the rejoin (and after the last failure) reached its receivers live.
  const resumedAt = Math.max(rejoinedAt, ...failed.map((r) => r.startedAt));
  for (const r of ok.filter((rec) => rec.startedAt > resumedAt)) {
    for (const receiver of r.cid === direct ? [jerry] : [tom, mary, jerry]) {
      await h.waitForEvent(receiver, 'MESSAGE', (p) => p.id === r.message.id, 10000);
    }
  }
  await checkHistoriesAndDuplicates(jerry, [tom, mary, jerry, nibbles]);
});

test('a member offline throughout finds an exact unread count and every acknowledged message', { skip, timeout: 60000 }, async () => {
  const spike = await h.login(ID.spike, { url: [cluster.url('gateway-a'), cluster.url('gateway-b')] }); // either
  const update = await h.waitForEvent(spike, 'UNREAD_MESSAGES_COUNT_UPDATE',
    (p) => p.conversations.some((c) => c.cid === group), 10000);
  const history = await chat.assertHistoryHolds(spike, group, acked.group);
  // Spike read up to his own message, the second of the group, then logged out.
  const readUpTo = history.findIndex((m) => m.id === acked.group[1].id);
  assert.ok(readUpTo >= 0, 'Spike\'s own message is in the history');
  const unseen = history.slice(readUpTo + 1).filter((m) => m.from !== ID.spike).length;
  assert.equal(update.conversations.find((c) => c.cid === group).unreadMessagesCount, unseen);
});
