'use strict';
// A standalone server process of the test's own, for tests that restart the server under connected clients or need
// settings of their own (signatures on).
// LCIM_SERVER_CMD (a JSON array: program and arguments, set by SdkEndToEndTest) says how to start one; the
// settings come from the environment (IM_PORT, IM_DATA_DIR, ...), as in production.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { config } = require('./config');

const OUTPUT_LINES_KEPT = 60;
const START_TIMEOUT_MS = 60000;
const STOP_TIMEOUT_MS = 30000;
const MASTER_KEY = 'lcim-e2e-restart-master';
const running = new Set();

/** Why restart tests cannot run here, or null when they can. */
function unavailableReason() {
  return process.env.LCIM_SERVER_CMD ? null : 'LCIM_SERVER_CMD is not set (SdkEndToEndTest sets it)';
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class ServerProcess {
  constructor(port, dataDir, extraEnv = {}) {
    this.port = port;
    this.dataDir = dataDir;
    this.extraEnv = extraEnv;
    this.masterKey = MASTER_KEY;
    this.output = [];
    this.proc = null;
  }

  /** Settings for spawnClient/login so that clients talk to this server. */
  get clientOptions() {
    return { url: `ws://127.0.0.1:${this.port}/`, httpUrl: `http://127.0.0.1:${this.port}` };
  }

  describe() {
    return `server on port ${this.port}; its last output:\n    ${this.output.join('\n    ')}`;
  }

  /** Starts the process and resolves once its WebSocket port accepts connections. */
  async start() {
    const [program, ...args] = JSON.parse(process.env.LCIM_SERVER_CMD);
    const env = { ...process.env, IM_HOST: '127.0.0.1', IM_PORT: String(this.port), IM_DATA_DIR: this.dataDir,
      IM_APP_ID: config.appId, IM_APP_KEY: config.appKey, IM_MASTER_KEY: MASTER_KEY, ...this.extraEnv };
    const proc = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    running.add(proc);
    let exited = false;
    proc.once('exit', () => { exited = true; running.delete(proc); });
    for (const stream of [proc.stdout, proc.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        this.output.push(...chunk.split('\n').filter(Boolean));
        this.output.splice(0, Math.max(0, this.output.length - OUTPUT_LINES_KEPT));
        if (process.env.LCIM_E2E_VERBOSE) process.stderr.write(`[server:${this.port}] ${chunk}`);
      });
    }
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await accepts(this.port))) {
      if (exited) throw new Error(`the server process exited at start; ${this.describe()}`);
      if (Date.now() > deadline) throw new Error(`the server did not listen within ${START_TIMEOUT_MS} ms; ${this.describe()}`);
      await sleep(100);
    }
  }

  /** Sends `signal` (SIGTERM: a graceful stop, as a redeploy does) and resolves once the process has exited. */
  stop(signal = 'SIGTERM') {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new Error(`the server did not exit within ${STOP_TIMEOUT_MS} ms of ${signal}; ${this.describe()}`));
      }, STOP_TIMEOUT_MS);
      proc.once('exit', (code, sig) => { clearTimeout(timer); resolve({ code, signal: sig }); });
      proc.kill(signal);
    });
  }
}

/** Stops the server if it still runs and deletes its data directory. */
ServerProcess.prototype.dispose = async function dispose() {
  await this.stop();
  fs.rmSync(this.dataDir, { recursive: true, force: true });
};

/**
 * A server on a free port with a fresh data directory (kept across restarts of this server). `extraEnv` adds or
 * overrides settings, e.g. {IM_LOGIN_SIGNATURE: 'on'}; the server's master key is `server.masterKey`.
 */
async function createServer(extraEnv = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lcim-e2e-data-'));
  return new ServerProcess(await freePort(), dataDir, extraEnv);
}

// Never leave a server behind: SIGTERM lets it stop its embedded Redis too.
process.on('exit', () => {
  for (const proc of running) proc.kill('SIGTERM');
});

module.exports = { createServer, unavailableReason };
