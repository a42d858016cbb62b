'use strict';
// The app's own server as LeanCloud's security guide describes it: it holds the master key and signs logins and
// conversation operations for its clients (HMAC-SHA1, hex). Clients reach it over HTTP from their
// signatureFactory / conversationSignatureFactory (lib/operations.js, option `signUrl`). Tests decide what the next
// signatures look like (`server.plan(...)`), to play a misbehaving or attacking client's part.
const http = require('node:http');
const crypto = require('node:crypto');

const SIX_HOURS_MS = 6 * 3600 * 1000;

function hmac(masterKey, text) {
  return crypto.createHmac('sha1', masterKey).update(text, 'utf8').digest('hex');
}

/** The string LeanCloud signs for a request from a signature factory. */
function signedText(appId, request, timestamp, nonce, actionNames) {
  if (request.kind === 'login') return `${appId}:${request.clientId}::${timestamp}:${nonce}`;
  const members = [...request.members].sort().join(':');
  if (!request.conversationId) return `${appId}:${request.clientId}:${members}:${timestamp}:${nonce}`;
  const action = actionNames[request.action] ?? request.action;
  return `${appId}:${request.clientId}:${request.conversationId}:${members}:${timestamp}:${nonce}:${action}`;
}

/**
 * Starts the signing server on 127.0.0.1 (a free port). Each signature follows the next planned mode, or 'right':
 * 'right' (now, in ms), 'seconds' (now, in seconds), 'wrong' (another key), 'stale' (6 h 1 min old),
 * 'replay' (the last good signature it handed out, unchanged), 'v5' (action names invite/kick instead of add/remove).
 */
async function startAppServer({ appId, masterKey }) {
  const planned = [];
  const issued = [];
  let lastGood = null;
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      const request = JSON.parse(body);
      const mode = planned.shift() ?? 'right';
      let answer;
      if (mode === 'replay') {
        answer = lastGood;
      } else {
        const now = Date.now();
        const timestamp = mode === 'stale' ? now - SIX_HOURS_MS - 60000 : mode === 'seconds' ? Math.floor(now / 1000) : now;
        const nonce = crypto.randomBytes(12).toString('base64url');
        const actions = mode === 'v5' ? { add: 'invite', remove: 'kick' } : {};
        const key = mode === 'wrong' ? `${masterKey}-guessed` : masterKey;
        answer = { signature: hmac(key, signedText(appId, request, timestamp, nonce, actions)), timestamp, nonce };
      }
      if (['right', 'seconds', 'v5'].includes(mode)) lastGood = answer;
      issued.push({ mode, request, answer });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/sign`,
    /** Modes for the next signatures, in order. */
    plan(...modes) { planned.push(...modes); },
    /** Everything signed so far: {mode, request, answer}. */
    issued,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

module.exports = { startAppServer };
