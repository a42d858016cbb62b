'use strict';
// Where the server under test is, from the environment the runner (SdkEndToEndTest or a developer) sets.

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: the e2e suite needs LCIM_URL, LCIM_APP_ID, LCIM_APP_KEY and LCIM_HTTP_URL`);
  }
  return value;
}

const config = Object.freeze({
  url: process.env.LCIM_URL || 'ws://127.0.0.1:18080/',
  httpUrl: process.env.LCIM_HTTP_URL || 'http://127.0.0.1:18080',
  get appId() {
    return required('LCIM_APP_ID');
  },
  get appKey() {
    return required('LCIM_APP_KEY');
  },
});

// A short random tag, so that client ids of one run never meet sessions or data left by another run.
function runTag() {
  return Math.random().toString(36).slice(2, 8);
}

module.exports = { config, runTag };
