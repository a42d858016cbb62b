'use strict';
// One SDK client process: exactly one `Realtime` (so one WebSocket), driven by the parent over Node IPC.
// Parent -> child: {type: 'call', seq, op, args}. Child -> parent: {type: 'ready'},
// {type: 'result', seq, ok, value | error} and {type: 'event', client, name, payload, at}.
const IM = require('leancloud-realtime');
const serialize = require('./serialize');
const { createOperations } = require('./operations');

const { Realtime, Event } = IM;
const options = JSON.parse(process.argv[2] || '{}');

// IMClient events reported to the parent (the Realtime's connection events are reported separately).
const CLIENT_EVENTS = [
  'INVITED', 'KICKED', 'MEMBERS_JOINED', 'MEMBERS_LEFT', 'MESSAGE', 'UNREAD_MESSAGES_COUNT_UPDATE',
  'CONVERSATION_INFO_UPDATED', 'CLOSE', 'CONFLICT', 'UNHANDLED_MESSAGE', 'DISCONNECT', 'RECONNECT',
  'RECONNECT_ERROR', 'MESSAGE_RECALL', 'MESSAGE_UPDATE',
];
const REALTIME_EVENTS = ['DISCONNECT', 'RECONNECT', 'SCHEDULE', 'RETRY', 'OFFLINE', 'ONLINE'];

function post(message) {
  if (process.connected) process.send(message);
}

function report(clientId, name, args) {
  let payload;
  try {
    payload = serialize.eventArgs(name, args);
  } catch (err) {
    payload = { serializeError: err.message };
  }
  post({ type: 'event', client: clientId, name, payload, at: Date.now() });
}

function createRealtime() {
  const plugins = [];
  let typed = null;
  if (options.typed) {
    // As the docs require for typed messages: AV.init before any AV.File, then the plugin factory.
    const AV = require('leancloud-storage');
    AV.init({ appId: options.appId, appKey: options.appKey, serverURL: options.httpUrl });
    const factory = require('leancloud-realtime-plugin-typed-messages');
    typed = { AV, ...factory(AV, IM) };
    plugins.push(typed.TypedMessagesPlugin);
  }
  const realtime = new Realtime({
    appId: options.appId,
    appKey: options.appKey,
    RTMServers: options.url,
    ssl: false,
    noBinary: Boolean(options.noBinary),
    plugins,
  });
  for (const name of REALTIME_EVENTS) {
    realtime.on(Event[name], (...args) => report(null, name, args));
  }
  return { realtime, typed };
}

const { realtime, typed } = createRealtime();
const operations = createOperations({
  realtime, typed, onClientCreated: watchClient, report: (clientId, name, payload) =>
    post({ type: 'event', client: clientId, name, payload, at: Date.now() }),
});

function watchClient(imClient) {
  for (const name of CLIENT_EVENTS) {
    imClient.on(Event[name], (...args) => report(imClient.id, name, args));
  }
}

async function handleCall({ seq, op, args }) {
  const operation = operations[op];
  try {
    if (!operation) throw new Error(`unknown harness operation: ${op}`);
    const value = await operation(args || {});
    post({ type: 'result', seq, ok: true, value: value === undefined ? null : value });
  } catch (err) {
    post({ type: 'result', seq, ok: false, error: serialize.error(err) });
  }
}

process.on('message', (message) => {
  if (message && message.type === 'call') handleCall(message);
});
// Never outlive the test that spawned us.
process.on('disconnect', () => process.exit(0));
process.on('unhandledRejection', (reason) => report(null, 'PROCESS_ERROR', [String(reason && reason.stack || reason)]));
post({ type: 'ready', pid: process.pid });
