'use strict';
// Chat helpers for the cluster suite: deliveries, history and duplicate checks, and a steady stream of sends.
const assert = require('node:assert/strict');
const h = require('../../lib/harness');

const DELIVERY_TIMEOUT_MS = 10000;
const HISTORY_LIMIT = 1000;

/** The MESSAGE payloads a client process has received (optionally for one conversation), in arrival order. */
function received(client, cid) {
  return client.events
    .filter((e) => e.name === 'MESSAGE' && (cid === undefined || e.payload.cid === cid))
    .map((e) => e.payload);
}

/** `sender` sends `text` to `cid`; every receiver gets it, with the acknowledged id and timestamp. */
async function sendAndDeliver(sender, cid, text, receivers) {
  const sent = await h.call(sender, 'send', { cid, text });
  for (const receiver of receivers) {
    const got = await h.waitForEvent(receiver, 'MESSAGE', (p) => p.id === sent.id, DELIVERY_TIMEOUT_MS);
    assert.deepEqual([got.cid, got.text, got.from, got.timestamp], [cid, text, sent.from, sent.timestamp],
      `${receiver.label} got "${text}" as sent`);
  }
  return sent;
}

/** No client process received any message twice. */
function assertNoDuplicates(clients) {
  for (const client of clients) {
    const ids = received(client).map((m) => m.id);
    const twice = ids.filter((id, n) => ids.indexOf(id) !== n);
    assert.deepEqual(twice, [], `${client.label} received these messages more than once`);
  }
}

/**
 * Reads the history of `cid` through `reader` and checks that every acknowledged message is there, stored once,
 * in timestamp order. Resolves with the history (oldest first).
 */
async function assertHistoryHolds(reader, cid, acknowledged) {
  const history = await h.call(reader, 'queryMessages', { cid, options: { limit: HISTORY_LIMIT } });
  const ids = history.map((m) => m.id);
  assert.equal(new Set(ids).size, ids.length, `no message of ${cid} is stored twice`);
  const missing = acknowledged.filter((m) => !ids.includes(m.id)).map((m) => `${m.text} (${m.id})`);
  assert.deepEqual(missing, [], `acknowledged messages missing from the history of ${cid}`);
  const stamps = history.map((m) => m.timestamp);
  assert.deepEqual(stamps, [...stamps].sort((a, b) => a - b), `history of ${cid} is in timestamp order`);
  return history;
}

/** Every message a client received is in the history it belongs to (nothing phantom was pushed). */
function assertReceivedAreStored(clients, historyByCid) {
  for (const client of clients) {
    for (const message of received(client)) {
      const history = historyByCid.get(message.cid);
      if (!history) continue;
      assert.ok(history.some((m) => m.id === message.id),
        `${client.label} received "${message.text}" (${message.id}), which is not in the history`);
    }
  }
}

/**
 * Issues one send every `intervalMs`, round-robin over `senders` ({client, cid}), without waiting for earlier ones,
 * and records each: {client, cid, text, startedAt, settledAt, ok, message | error}. `stop()` stops issuing and
 * resolves with every record once all sends have settled.
 */
function startTraffic(senders, intervalMs, callTimeoutMs) {
  const records = [];
  const pending = [];
  let n = 0;
  const timer = setInterval(() => {
    const { client, cid } = senders[n % senders.length];
    const record = { client: client.label, cid, text: `traffic ${n}`, startedAt: Date.now() };
    n += 1;
    records.push(record);
    pending.push(h.call(client, 'send', { cid, text: record.text }, callTimeoutMs).then(
      (message) => Object.assign(record, { ok: true, message, settledAt: Date.now() }),
      (error) => Object.assign(record, { ok: false, error, settledAt: Date.now() })));
  }, intervalMs);
  return {
    records,
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      return records;
    },
  };
}

/** One line on how the sends of `startTraffic` fared around a service outage from `downAt` to `upAt`. */
function describeTraffic(records, downAt, upAt) {
  const failed = records.filter((r) => !r.ok);
  const inGap = records.filter((r) => r.startedAt >= downAt && r.startedAt < upAt);
  const gapAcked = inGap.filter((r) => r.ok);
  const slowest = (list) => Math.max(0, ...list.map((r) => r.settledAt - r.startedAt));
  const reasons = [...new Set(failed.map((r) => `${r.error.code} ${r.error.detail ?? r.error.message}`))];
  return `${records.length} sends, ${failed.length} failed (${failed.filter((r) => r.startedAt >= upAt).length}`
    + ` issued after the rejoin; slowest failure after ${slowest(failed)} ms; ${reasons.join(', ') || 'no errors'});`
    + ` ${inGap.length} issued during the outage, ${gapAcked.length} of them acknowledged after at most`
    + ` ${slowest(gapAcked)} ms`;
}

module.exports = {
  received, sendAndDeliver, assertNoDuplicates, assertHistoryHolds, assertReceivedAreStored, startTraffic,
  describeTraffic,
};
