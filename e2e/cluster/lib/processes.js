'use strict';
// The server processes of a multi-process cluster and how to kill or (re)start one. MultiProcessClusterTest starts
// them and writes their description to the JSON file named by LCIM_CLUSTER_FILE:
//   {processes: {<name>: {command: [program, ...args], env: {...}, readiness, log, pid, url?}}}
// `pid` is null for a process the suite starts itself; `readiness` is its /readiness URL; gateways have their WebSocket
// `url`. A process started here appends its output to the same `log` file and is stopped when this process exits.
const fs = require('node:fs');
const { spawn } = require('node:child_process');

const HEALTH_POLL_MS = 200;
const START_TIMEOUT_MS = 90000;
const DEATH_TIMEOUT_MS = 10000;
const LOG_LINES_SHOWN = 40;
const started = new Set();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Why the cluster suite cannot run here, or null when it can. */
function unavailableReason() {
  return process.env.LCIM_CLUSTER_FILE ? null : 'LCIM_CLUSTER_FILE is not set (MultiProcessClusterTest sets it)';
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

async function answersHealthy(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

class ClusterProcesses {
  constructor(spec) {
    this.processes = spec.processes;
  }

  static load() {
    return new ClusterProcesses(JSON.parse(fs.readFileSync(process.env.LCIM_CLUSTER_FILE, 'utf8')));
  }

  get(name) {
    const proc = this.processes[name];
    if (!proc) throw new Error(`no process ${name} in the cluster description`);
    return proc;
  }

  /** The WebSocket URL of a gateway. */
  url(name) {
    return this.get(name).url;
  }

  isRunning(name) {
    const { pid } = this.get(name);
    return pid != null && isAlive(pid);
  }

  /** The last lines of a process's log, for failure messages. */
  logTail(name) {
    try {
      const lines = fs.readFileSync(this.get(name).log, 'utf8').split('\n').filter(Boolean);
      return `last output of ${name}:\n    ${lines.slice(-LOG_LINES_SHOWN).join('\n    ')}`;
    } catch (err) {
      return `no log of ${name}: ${err.message}`;
    }
  }

  /** Resolves once the process's /readiness answers 200 (`healthy`) or anything else, including nothing. */
  async awaitHealth(name, healthy, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while ((await answersHealthy(this.get(name).readiness)) !== healthy) {
      if (Date.now() > deadline) {
        throw new Error(`${name}'s /readiness did not become ${healthy ? '' : 'un'}healthy within ${timeoutMs} ms`);
      }
      await sleep(HEALTH_POLL_MS);
    }
  }

  /** SIGKILL, as a crash or an OOM kill would; resolves with the time of death once the process is gone. */
  async kill(name) {
    const proc = this.get(name);
    if (proc.pid == null || !isAlive(proc.pid)) throw new Error(`${name} is not running`);
    process.kill(proc.pid, 'SIGKILL');
    const deadline = Date.now() + DEATH_TIMEOUT_MS;
    while (isAlive(proc.pid)) {
      if (Date.now() > deadline) {
        throw new Error(`${name} (pid ${proc.pid}) still runs ${DEATH_TIMEOUT_MS} ms after SIGKILL`);
      }
      await sleep(20);
    }
    proc.pid = null;
    return Date.now();
  }

  /** Starts the process with its recorded command and environment; resolves once its /readiness answers 200. */
  async start(name) {
    const proc = this.get(name);
    if (this.isRunning(name)) throw new Error(`${name} is already running (pid ${proc.pid})`);
    const [program, ...args] = proc.command;
    const log = fs.openSync(proc.log, 'a');
    let child;
    try {
      child = spawn(program, args, { env: { ...process.env, ...proc.env }, stdio: ['ignore', log, log] });
    } finally {
      fs.closeSync(log);
    }
    started.add(child);
    child.unref(); // a server must not keep the test process alive; it is stopped on exit below
    let exit = null;
    child.once('exit', (code, signal) => {
      started.delete(child);
      exit = { code, signal };
    });
    proc.pid = child.pid;
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await answersHealthy(proc.readiness))) {
      if (exit) throw new Error(`${name} exited at start (${JSON.stringify(exit)}); ${this.logTail(name)}`);
      if (Date.now() > deadline) {
        throw new Error(`${name} was not healthy within ${START_TIMEOUT_MS} ms; ${this.logTail(name)}`);
      }
      await sleep(HEALTH_POLL_MS);
    }
    return Date.now();
  }
}

// Never leave a server behind; SIGTERM lets it leave the cluster cleanly. (The JUnit side also sweeps up.)
process.on('exit', () => {
  for (const child of started) child.kill('SIGTERM');
});

module.exports = { ClusterProcesses, unavailableReason };
