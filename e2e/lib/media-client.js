'use strict';
// Clients for the image-message tests: the harness's clients cannot save an AV.File from bytes, set message
// attributes, or report them on receipt, so this file is both
//  - the child script (run by fork): one Realtime with AV.init + TypedMessagesPlugin, driven over Node IPC with the
//    harness's message shapes ({type: 'call'} -> {type: 'result'}, {type: 'event'}), and
//  - the parent-side helpers that spawn it and call it (spawn, login, call, waitForMessage, killAll).
const { fork } = require('node:child_process');

const CALL_TIMEOUT_MS = 15000;
const EVENT_TIMEOUT_MS = 5000;

// ---- child side

function errorJson(err) {
  return err instanceof Error
    ? { message: err.message, name: err.name ?? null, code: err.code ?? null }
    : { message: String(err), name: null, code: null };
}

/** What the tests assert on of a received or queried message, attributes and file included. */
function messageJson(msg) {
  const file = typeof msg.getFile === 'function' ? msg.getFile() : null;
  return {
    id: msg.id,
    cid: msg.cid,
    from: msg.from,
    type: msg.type ?? null,
    text: typeof msg.getText === 'function' ? msg.getText() ?? null : null,
    attributes: typeof msg.getAttributes === 'function' ? msg.getAttributes() ?? null : null,
    fileId: file ? file.id ?? null : null,
    fileUrl: file ? file.url() ?? null : null,
    fileName: file ? file.name() ?? null : null,
  };
}

function runChild() {
  const options = JSON.parse(process.argv[2]);
  const AV = require('leancloud-storage');
  const IM = require('leancloud-realtime');
  AV.init({ appId: options.appId, appKey: options.appKey, serverURL: options.httpUrl });
  const { TypedMessagesPlugin, ImageMessage } = require('leancloud-realtime-plugin-typed-messages')(AV, IM);
  const realtime = new IM.Realtime({
    appId: options.appId, appKey: options.appKey, RTMServers: options.url, ssl: false, plugins: [TypedMessagesPlugin],
  });
  const post = (message) => process.connected && process.send(message);
  const savedFiles = new Map();
  let client = null;

  const conversation = async (cid) => {
    const conv = await client.getConversation(cid);
    if (!conv) throw new Error(`conversation ${cid} not found`);
    return conv;
  };

  const operations = {
    async createIMClient({ id }) {
      client = await realtime.createIMClient(id);
      client.on(IM.Event.MESSAGE, (msg) => post({ type: 'event', name: 'MESSAGE', payload: messageJson(msg) }));
      return { id: client.id };
    },
    async createConversation({ members, name }) {
      const conv = await client.createConversation({ members, name });
      return { id: conv.id };
    },
    // The guide: new AV.File('avatar.jpg', data).save()
    async uploadFile({ name, base64 }) {
      const file = await new AV.File(name, Buffer.from(base64, 'base64')).save();
      savedFiles.set(file.id, file);
      return { id: file.id, url: file.url(), name: file.name(), mimeType: file.get('mime_type') ?? null };
    },
    // AV.File.withURL(name, url).save(): one POST /1.1/files, no upload.
    async saveFileWithUrl({ name, url }) {
      const file = await AV.File.withURL(name, url).save();
      savedFiles.set(file.id, file);
      return { id: file.id, url: file.url(), name: file.name() };
    },
    async sendImage({ cid, fileId, text, attributes }) {
      const image = new ImageMessage(savedFiles.get(fileId));
      if (text !== undefined) image.setText(text);
      if (attributes !== undefined) image.setAttributes(attributes);
      return messageJson(await (await conversation(cid)).send(image));
    },
    async sendText({ cid, text }) {
      return messageJson(await (await conversation(cid)).send(new IM.TextMessage(text)));
    },
    async queryMessages({ cid, options: queryOptions }) {
      const messages = await (await conversation(cid)).queryMessages(queryOptions || {});
      return messages.map(messageJson);
    },
  };

  process.on('message', async ({ type, seq, op, args }) => {
    if (type !== 'call') return;
    try {
      if (!operations[op]) throw new Error(`unknown operation ${op}`);
      const value = await operations[op](args || {});
      post({ type: 'result', seq, ok: true, value: value ?? null });
    } catch (err) {
      post({ type: 'result', seq, ok: false, error: errorJson(err) });
    }
  });
  process.on('disconnect', () => process.exit(0));
  post({ type: 'ready' });
}

// ---- parent side

const children = new Set();

function spawn(label, settings) {
  const proc = fork(__filename, [JSON.stringify(settings)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const client = { label, proc, seq: 0, pending: new Map(), events: [], waiters: new Set(), output: [] };
  children.add(client);
  for (const stream of [proc.stdout, proc.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      client.output.push(...chunk.split('\n').filter(Boolean));
      client.output.splice(0, Math.max(0, client.output.length - 20));
    });
  }
  proc.on('message', (message) => {
    if (message.type === 'event') {
      client.events.push(message);
      for (const waiter of [...client.waiters]) waiter();
    } else if (message.type === 'result' && client.pending.has(message.seq)) {
      const { resolve, reject, timer } = client.pending.get(message.seq);
      client.pending.delete(message.seq);
      clearTimeout(timer);
      if (message.ok) resolve(message.value);
      else reject(Object.assign(new Error(message.error.message), message.error, { client: label }));
    }
  });
  proc.on('exit', (code, signal) => {
    children.delete(client);
    for (const { reject, timer } of client.pending.values()) {
      clearTimeout(timer);
      reject(new Error(`${label} exited (code ${code}, signal ${signal}); output: ${client.output.join(' | ')}`));
    }
    client.pending.clear();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} did not start`)), 10000);
    proc.once('message', () => { clearTimeout(timer); resolve(client); });
  });
}

/** Runs `op` in the client's process; rejects with the SDK's error, or after a timeout. */
function call(client, op, args = {}, timeoutMs = CALL_TIMEOUT_MS) {
  const seq = ++client.seq;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.pending.delete(seq);
      reject(new Error(`${client.label}.${op} gave no result in ${timeoutMs} ms; output: ${client.output.join(' | ')}`));
    }, timeoutMs);
    client.pending.set(seq, { resolve, reject, timer });
    client.proc.send({ type: 'call', seq, op, args });
  });
}

/** Spawns a client process for `clientId` and logs it in. `settings`: {appId, appKey, url, httpUrl}. */
async function login(clientId, settings) {
  const client = await spawn(clientId, settings);
  await call(client, 'createIMClient', { id: clientId });
  return client;
}

/** The first received message (MESSAGE event) matching the predicate, already arrived or arriving in time. */
function waitForMessage(client, predicate, timeoutMs = EVENT_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const event = client.events.find((e) => e.name === 'MESSAGE' && predicate(e.payload));
      if (!event) return false;
      client.waiters.delete(check);
      clearTimeout(timer);
      resolve(event.payload);
      return true;
    };
    const timer = setTimeout(() => {
      client.waiters.delete(check);
      reject(new Error(`${client.label} received no matching message in ${timeoutMs} ms; got ${JSON.stringify(client.events)}`));
    }, timeoutMs);
    if (!check()) client.waiters.add(check);
  });
}

function killAll() {
  return Promise.all([...children].map((client) => new Promise((resolve) => {
    client.proc.once('exit', resolve);
    client.proc.kill('SIGKILL');
  })));
}

process.on('exit', () => {
  for (const client of children) client.proc.kill('SIGKILL');
});

if (require.main === module) {
  runChild();
} else {
  module.exports = { login, call, waitForMessage, killAll };
}
