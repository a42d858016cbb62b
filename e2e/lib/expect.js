'use strict';
// Small assertion helpers shared by the tests.
const assert = require('node:assert/strict');

/** Member lists are sets: compare them in any order. */
function sameMembers(actual, expected, message) {
  assert.ok(Array.isArray(actual), `${message || 'members'}: expected an array, got ${JSON.stringify(actual)}`);
  assert.deepEqual([...actual].sort(), [...expected].sort(), message);
}

/** Retries `probe` until it stops throwing, for state the server may apply just after a socket closes. */
async function eventually(probe, timeoutMs = 3000, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (err) {
      if (Date.now() >= deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/** The SDK rejected (an error response of the server), as opposed to the harness giving up waiting. */
function assertServerError(err, expectedCode) {
  assert.notEqual(err.name, 'HarnessTimeout', err.message);
  if (expectedCode !== undefined) {
    assert.equal(err.code, expectedCode, `expected error code ${expectedCode}, got ${JSON.stringify(err)}`);
  } else {
    assert.equal(typeof err.code, 'number', `expected an error response with a code, got ${JSON.stringify(err)}`);
  }
  return true;
}

module.exports = { sameMembers, eventually, assertServerError };
