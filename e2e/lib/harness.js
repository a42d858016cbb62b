'use strict';
// Parent side: spawns one OS process per SDK client (lib/client.js), calls operations on it and waits for the
// SDK events it reports. Every wait has a timeout, so a broken server fails a test instead of hanging it.
const path = require('node:path');
const { fork } = require('node:child_process');
const { config } = require('./config');

const CLIENT_SCRIPT = path.join(__dirname, 'client.js');
const DEFAULT_CALL_TIMEOUT_MS = 10000;
const DEFAULT_EVENT_TIMEOUT_MS = 5000;
const DEFAULT_QUIET_MS = 1000;
const OUTPUT_LINES_KEPT = 40;
const children = new Set();

class HarnessTimeout extends Error {
  constructor(message) {
    super(message);
    this.name = 'HarnessTimeout';
  }
}

// SDK rejections arrive as plain JSON; rebuild an Error that keeps code/name for assertions.
function sdkError(client, op, error) {
  const err = new Error(`${client.label}.${op} rejected: ${error.message}`);
  Object.assign(err, error, { message: err.message, sdkMessage: error.message, op, client: client.label });
  return err;
}

function keepOutput(client, stream) {
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    client.output.push(...chunk.split('\n').filter(Boolean));
    client.output.splice(0, Math.max(0, client.output.length - OUTPUT_LINES_KEPT));
    if (process.env.LCIM_E2E_VERBOSE) process.stderr.write(`[${client.label}] ${chunk}`);
  });
}

function describe(client) {
  const events = client.events.map((e) => `${e.client ?? '*'}:${e.name}`).join(', ') || 'none';
  const output = client.output.length ? `\n  last output of ${client.label}:\n    ${client.output.join('\n    ')}` : '';
  return `events seen by ${client.label}: [${events}]${output}`;
}

function onChildMessage(client, message) {
  if (message.type === 'event') {
    client.events.push(message);
    for (const waiter of [...client.waiters]) waiter.check();
  } else if (message.type === 'result') {
    const pending = client.pending.get(message.seq);
    if (!pending) return;
    client.pending.delete(message.seq);
    clearTimeout(pending.timer);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(sdkError(client, pending.op, message.error));
  }
}

function onChildExit(client, code, signal) {
  client.exited = true;
  children.delete(client);
  const reason = new Error(`client process ${client.label} exited (code ${code}, signal ${signal}); ${describe(client)}`);
  for (const pending of client.pending.values()) {
    clearTimeout(pending.timer);
    pending.reject(reason);
  }
  client.pending.clear();
}

/**
 * Starts one client process with its own Realtime (one socket). `opts` override the server settings
 * ({appId, appKey, url, httpUrl}) and select {typed: true} (AV.init + TypedMessagesPlugin) or {noBinary: true}.
 * Resolves once the process is ready to take calls; no IMClient exists yet (call createIMClient).
 */
function spawnClient(label, opts = {}) {
  const settings = { appId: config.appId, appKey: config.appKey, url: config.url, httpUrl: config.httpUrl, ...opts };
  const proc = fork(CLIENT_SCRIPT, [JSON.stringify(settings)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const client = { label, proc, events: [], consumed: new Set(), waiters: new Set(), pending: new Map(), seq: 0,
    output: [], exited: false };
  children.add(client);
  keepOutput(client, proc.stdout);
  keepOutput(client, proc.stderr);
  proc.on('message', (message) => onChildMessage(client, message));
  proc.on('exit', (code, signal) => onChildExit(client, code, signal));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new HarnessTimeout(`client process ${label} did not start`)), 10000);
    proc.once('message', () => { clearTimeout(timer); resolve(client); });
    proc.once('exit', () => { clearTimeout(timer); reject(new Error(`client process ${label} died at start`)); });
  });
}

/** Spawns a client process and logs `clientId` in on it; resolves with the client handle. */
async function login(clientId, opts = {}) {
  const client = await spawnClient(clientId, opts);
  const { id } = await call(client, 'createIMClient', { id: clientId });
  if (id !== clientId) throw new Error(`createIMClient('${clientId}') resolved with id ${id}`);
  return client;
}

/** Runs `op` in the client process; resolves with its JSON result or rejects with the SDK's error. */
function call(client, op, args = {}, timeoutMs = DEFAULT_CALL_TIMEOUT_MS) {
  if (client.exited) return Promise.reject(new Error(`client process ${client.label} has exited`));
  const seq = ++client.seq;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.pending.delete(seq);
      reject(new HarnessTimeout(`${client.label}.${op}(${JSON.stringify(args)}) gave no result in ${timeoutMs} ms; ${describe(client)}`));
    }, timeoutMs);
    client.pending.set(seq, { op, resolve, reject, timer });
    client.proc.send({ type: 'call', seq, op, args });
  });
}

function matches(event, name, predicate) {
  return event.name === name && predicate(event.payload, event);
}

/**
 * Resolves with the payload of the first not yet awaited event `name` for which predicate(payload, event) holds;
 * events that arrived before the call count too. `event.client` is the IMClient id (null for Realtime events).
 */
function waitForEvent(client, name, predicate = () => true, timeoutMs = DEFAULT_EVENT_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    const waiter = {
      check() {
        const event = client.events.find((e) => !client.consumed.has(e) && matches(e, name, predicate));
        if (!event) return false;
        client.consumed.add(event);
        client.waiters.delete(waiter);
        clearTimeout(waiter.timer);
        resolve(event.payload);
        return true;
      },
    };
    if (waiter.check()) return;
    waiter.timer = setTimeout(() => {
      client.waiters.delete(waiter);
      reject(new HarnessTimeout(`${client.label} got no ${name} event matching ${predicate} in ${timeoutMs} ms; ${describe(client)}`));
    }, timeoutMs);
    client.waiters.add(waiter);
  });
}

/** Waits `quietMs`, then fails if the client has seen any event `name` matching the predicate. */
async function assertNoEvent(client, name, predicate = () => true, quietMs = DEFAULT_QUIET_MS) {
  await new Promise((resolve) => setTimeout(resolve, quietMs));
  const unexpected = client.events.filter((e) => matches(e, name, predicate));
  if (unexpected.length) {
    throw new Error(`${client.label} got unexpected ${name}: ${JSON.stringify(unexpected)}`);
  }
}

/** Kills one client process (its socket closes without a session/close). */
function kill(client) {
  if (client.exited) return Promise.resolve();
  return new Promise((resolve) => {
    client.proc.once('exit', () => resolve());
    client.proc.kill('SIGKILL');
  });
}

/** Kills every client process still running; call it from after()/afterEach(). */
function killAll() {
  return Promise.all([...children].map(kill));
}

process.on('exit', () => {
  for (const client of children) client.proc.kill('SIGKILL');
});

module.exports = { spawnClient, login, call, waitForEvent, assertNoEvent, kill, killAll, HarnessTimeout };
