'use strict';
// Turns SDK objects into plain JSON for the IPC channel, keeping exactly what the tests assert on.

function toMillis(date) {
  return date instanceof Date ? date.getTime() : date ?? null;
}

function conversation(conv) {
  if (!conv) return null;
  return {
    id: conv.id,
    name: conv.name ?? null,
    creator: conv.creator ?? null,
    members: [...(conv.members || [])],
    transient: Boolean(conv.transient),
    unique: conv.get ? conv.get('unique') ?? null : null,
  };
}

function message(msg) {
  const file = typeof msg.getFile === 'function' ? msg.getFile() : null;
  return {
    id: msg.id,
    cid: msg.cid,
    from: msg.from,
    timestamp: toMillis(msg.timestamp),
    // `type` is the _lctype of typed messages (TextMessage = -1, ImageMessage = -2); plain messages have none.
    type: msg.type ?? null,
    text: typeof msg.text === 'string' ? msg.text : null,
    content: msg.type === undefined ? msg.content ?? null : null,
    fileUrl: file && typeof file.url === 'function' ? file.url() : null,
    fileId: file ? file.id ?? null : null,
  };
}

// The receipt marks of a conversation (lastDeliveredAt / lastReadAt), as millis or null.
function receipts(conv) {
  return { cid: conv.id, lastDeliveredAt: toMillis(conv.lastDeliveredAt), lastReadAt: toMillis(conv.lastReadAt) };
}

function error(err) {
  if (!(err instanceof Error)) return { message: String(err), code: null, name: null };
  return {
    message: err.message,
    name: err.name ?? null,
    code: typeof err.code === 'number' ? err.code : err.code ?? null,
    appCode: err.appCode ?? null,
    detail: err.detail ?? null,
  };
}

// Payloads of IMClient events, by event key: (args as the SDK emits them) -> JSON.
const eventPayload = {
  INVITED: (payload, conv) => ({ cid: conv.id, invitedBy: payload.invitedBy, convMembers: [...conv.members] }),
  KICKED: (payload, conv) => ({ cid: conv.id, kickedBy: payload.kickedBy, convMembers: [...conv.members] }),
  MEMBERS_JOINED: (payload, conv) => ({
    cid: conv.id,
    members: [...payload.members],
    invitedBy: payload.invitedBy,
    convMembers: [...conv.members],
  }),
  MEMBERS_LEFT: (payload, conv) => ({
    cid: conv.id,
    members: [...payload.members],
    kickedBy: payload.kickedBy,
    convMembers: [...conv.members],
  }),
  MESSAGE: (msg, conv) => ({ ...message(msg), cid: conv.id }),
  MESSAGE_UPDATE: (msg, conv) => ({ ...message(msg), cid: conv.id, updatedAt: toMillis(msg.updatedAt) }),
  MESSAGE_RECALL: (msg, conv) => ({ ...message(msg), cid: conv.id, updatedAt: toMillis(msg.updatedAt) }),
  UNREAD_MESSAGES_COUNT_UPDATE: (convs) =>
    ({ conversations: convs.map((c) => ({ cid: c.id, unreadMessagesCount: c.unreadMessagesCount })) }),
  CONVERSATION_INFO_UPDATED: (payload, conv) =>
    ({ cid: conv.id, attributes: payload.attributes, updatedBy: payload.updatedBy }),
  CLOSE: (payload) => ({ code: payload?.code ?? null, reason: payload?.reason ?? null }),
  CONFLICT: (payload) => ({ reason: payload?.reason ?? null }),
  RECONNECT_ERROR: (err) => error(err),
  UNHANDLED_MESSAGE: (payload) => ({ payload: String(payload) }),
};

function eventArgs(name, args) {
  const toJson = eventPayload[name];
  if (toJson) return toJson(...args);
  // Connection events (DISCONNECT, SCHEDULE, RETRY, RECONNECT, ...) carry numbers or nothing.
  return { args: args.filter((a) => typeof a !== 'object' || a === null) };
}

module.exports = { conversation, message, error, eventArgs, receipts, toMillis };
