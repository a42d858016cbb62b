'use strict';
// A bare WebSocket speaking (or failing to speak) the LeanCloud subprotocols, for misbehaving-client tests.
const WebSocket = require('ws');
const { config } = require('./config');
const wire = require('./wire');

const BINARY = 'lc.protobuf2.3';
const BASE64 = 'lc.proto2base64.3';

/** Opens a socket with `subprotocol`; resolves once open, after checking the server echoed the subprotocol. */
function openRawSocket(subprotocol = BINARY, url = config.url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, subprotocol);
    const socket = { ws, subprotocol, frames: [], closed: null, listeners: new Set() };
    const notify = () => socket.listeners.forEach((listener) => listener());
    ws.on('message', (data) => { socket.frames.push(data); notify(); });
    ws.on('close', (code, reason) => { socket.closed = { code, reason: String(reason) }; notify(); });
    ws.once('open', () => {
      if (ws.protocol !== subprotocol) reject(new Error(`server selected subprotocol '${ws.protocol}', not ${subprotocol}`));
      else resolve(socket);
    });
    ws.once('error', reject);
    setTimeout(() => reject(new Error(`raw socket to ${url} did not open`)), 5000);
  });
}

/** A frame in the socket's format: binary GenericCommand bytes, or their base64 as text. */
function encodeFrame(socket, bytes) {
  return socket.subprotocol === BASE64 ? Buffer.from(bytes).toString('base64') : bytes;
}

/** Decodes a received frame (binary, or base64 text) into {cmd, i, error}; null if it does not decode. */
function decodeFrame(data) {
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'base64') : Buffer.from(data);
    return wire.decodeCommand(bytes);
  } catch (err) {
    return null;
  }
}

/**
 * Resolves with {errorFrame} when a frame with cmd=error arrives, or {closed} when the server closes the socket;
 * rejects if neither happens within timeoutMs.
 */
function waitForErrorOrClose(socket, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const check = () => {
      for (; seen < socket.frames.length; seen++) {
        const command = decodeFrame(socket.frames[seen]);
        if (command && command.cmd === wire.CMD_ERROR) return finish({ errorFrame: command });
      }
      if (socket.closed) return finish({ closed: socket.closed });
      return undefined;
    };
    const timer = setTimeout(() => {
      socket.listeners.delete(check);
      reject(new Error(`raw socket (${socket.subprotocol}) got neither an error frame nor a close in ${timeoutMs} ms; `
        + `frames: ${JSON.stringify(socket.frames.map(decodeFrame))}`));
    }, timeoutMs);
    function finish(result) {
      clearTimeout(timer);
      socket.listeners.delete(check);
      resolve(result);
    }
    socket.listeners.add(check);
    check();
  });
}

function closeRawSocket(socket) {
  if (socket.ws.readyState === WebSocket.OPEN || socket.ws.readyState === WebSocket.CONNECTING) socket.ws.terminate();
}

module.exports = { openRawSocket, encodeFrame, decodeFrame, waitForErrorOrClose, closeRawSocket, BINARY, BASE64 };
