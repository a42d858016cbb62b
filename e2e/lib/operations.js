'use strict';
// The operations a client process performs on request, each a thin call of the public SDK API.
const { TextMessage, Message, Event } = require('leancloud-realtime');
const serialize = require('./serialize');

// What an app does in its signature factories: ask its own server, which holds the master key.
function signatureFactories(signUrl) {
  const ask = async (request) => {
    const response = await fetch(signUrl, { method: 'POST', body: JSON.stringify(request) });
    if (!response.ok) throw new Error(`the app server answered ${response.status}`);
    return response.json();
  };
  return {
    signatureFactory: (clientId) => ask({ kind: 'login', clientId }),
    conversationSignatureFactory: (conversationId, clientId, members, action) =>
      ask({ kind: 'conversation', conversationId, clientId, members, action }),
  };
}

// `report(clientId, name, payload)` (optional) reports conversation events the tests wait for (receipts).
function createOperations({ realtime, typed, onClientCreated, report = () => {} }) {
  const clients = new Map();
  // Messages this process sent, by id: editing and recalling need the SDK's own (sent) message object.
  const sentMessages = new Map();
  const watchedReceipts = new Set();

  // `client` names the IMClient when several share this Realtime; default: the only (first) one.
  function imClient(args) {
    const id = args.client ?? clients.keys().next().value;
    const client = clients.get(id);
    if (!client) throw new Error(`no IMClient ${id} in this process`);
    return client;
  }

  async function conversation(args) {
    const conv = await imClient(args).getConversation(args.cid);
    if (!conv) throw new Error(`conversation ${args.cid} not found by getConversation`);
    return conv;
  }

  function buildMessage(args) {
    switch (args.kind || 'text') {
      case 'text':
        return new TextMessage(args.text);
      case 'plain':
        return new Message(args.content);
      case 'image': {
        if (!typed) throw new Error('spawn the client with {typed: true} to send images');
        const file = typed.AV.File.withURL(args.name, args.url);
        // Set the id ourselves instead of a REST save: the message only needs a non-empty objId.
        file.id = args.fileId;
        const image = new typed.ImageMessage(file);
        if (args.text) image.setText(args.text);
        return image;
      }
      default:
        throw new Error(`unknown message kind ${args.kind}`);
    }
  }

  async function membership(args, change) {
    const conv = await conversation(args);
    const result = await conv[change](args.members);
    return {
      successfulClientIds: [...(result.successfulClientIds || [])],
      failures: (result.failures || []).map((f) => ({ ...serialize.error(f), clientIds: f.clientIds })),
      members: [...conv.members],
    };
  }

  return {
    // args.signUrl: the app server (lib/app-server.js) that makes this client's login and conversation signatures.
    async createIMClient(args) {
      const options = { ...args.options, ...(args.signUrl ? signatureFactories(args.signUrl) : {}) };
      const client = await realtime.createIMClient(args.id, options);
      clients.set(client.id, client);
      onClientCreated(client);
      return { id: client.id };
    },
    async createConversation(args) {
      const { client, ...options } = args;
      return serialize.conversation(await imClient({ client }).createConversation(options));
    },
    async getConversation(args) {
      // noCache asks the server instead of the local cache, to see the server's member list.
      return serialize.conversation(await imClient(args).getConversation(args.cid, Boolean(args.noCache)));
    },
    async localConversation(args) {
      return serialize.conversation(await conversation(args));
    },
    async send(args) {
      const conv = await conversation(args);
      const sent = await conv.send(buildMessage(args), args.options);
      sentMessages.set(sent.id, sent);
      return serialize.message(sent);
    },
    // conv.update(sent message, new TextMessage(text)); a message not sent here is named by {id, timestamp}.
    async update(args) {
      const conv = await conversation(args);
      const target = sentMessages.get(args.id) ?? { id: args.id, timestamp: args.timestamp };
      const updated = await conv.update(target, new TextMessage(args.text));
      return { ...serialize.message(updated), updatedAt: serialize.toMillis(updated.updatedAt) };
    },
    async recall(args) {
      const conv = await conversation(args);
      const target = sentMessages.get(args.id) ?? { id: args.id, timestamp: args.timestamp };
      const recalled = await conv.recall(target);
      return { ...serialize.message(recalled), updatedAt: serialize.toMillis(recalled.updatedAt) };
    },
    // Status of a message sent here: 'sent', 'delivered' (after a delivered receipt), ...
    async messageStatus(args) {
      const sent = sentMessages.get(args.id);
      if (!sent) throw new Error(`message ${args.id} was not sent by this process`);
      return { status: sent.status.description, deliveredAt: serialize.toMillis(sent.deliveredAt) };
    },
    // Reports the conversation's LAST_DELIVERED_AT_UPDATE / LAST_READ_AT_UPDATE events from now on.
    async watchReceipts(args) {
      const conv = await conversation(args);
      if (!watchedReceipts.has(conv.id)) {
        watchedReceipts.add(conv.id);
        for (const name of ['LAST_DELIVERED_AT_UPDATE', 'LAST_READ_AT_UPDATE']) {
          conv.on(Event[name], () => report(imClient(args).id, name, serialize.receipts(conv)));
        }
      }
      return serialize.receipts(conv);
    },
    async fetchReceiptTimestamps(args) {
      const conv = await conversation(args);
      await conv.fetchReceiptTimestamps();
      return serialize.receipts(conv);
    },
    add: (args) => membership(args, 'add'),
    remove: (args) => membership(args, 'remove'),
    async join(args) {
      const conv = await (await conversation(args)).join();
      return serialize.conversation(conv);
    },
    async quit(args) {
      const conv = await (await conversation(args)).quit();
      return serialize.conversation(conv);
    },
    async queryMessages(args) {
      const conv = await conversation(args);
      const messages = await conv.queryMessages(args.options || {});
      return messages.map(serialize.message);
    },
    async sendMany(args) {
      // Every send is issued at once (they share the socket in this order); each settles on its own.
      const conv = await conversation(args);
      const settled = await Promise.allSettled(args.texts.map((text) => conv.send(new TextMessage(text))));
      return settled.map((s) => (s.status === 'fulfilled'
        ? { ok: true, message: serialize.message(s.value) }
        : { ok: false, error: serialize.error(s.reason) }));
    },
    async read(args) {
      const conv = await conversation(args);
      await conv.read();
      return { cid: conv.id, unreadMessagesCount: conv.unreadMessagesCount };
    },
    async ping(args) {
      return [...(await imClient(args).ping(args.ids))];
    },
    // Realtime.pause(): the socket closes and the SDK stays offline (an app in the background) until resume().
    async pause() {
      realtime.pause();
      return { paused: true };
    },
    async resume() {
      realtime.resume();
      return { resumed: true };
    },
    async close(args) {
      const client = imClient(args);
      await client.close();
      clients.delete(client.id);
      return { closed: client.id };
    },
  };
}

module.exports = { createOperations };
