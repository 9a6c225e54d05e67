// Starts and stops code-server (VS Code's server and web workbench) for tests and `npm start`,
// and installs extension folders into its extensions dir. See install.mjs for the install.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { node24Env } from './install.mjs';
import { cacheRoot, codeServerBin, nodeBin } from './paths.mjs';

/** Settings for a fresh profile: no welcome page, tips, telemetry or recommendation toasts. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'chat.commandCenter.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
};

/** A free TCP port on 127.0.0.1: `preferred` when it is free, else one the OS picks. */
export async function freePort(preferred) {
  const tryPort = (port) =>
    new Promise((res) => {
      const server = createServer();
      server.once('error', () => res(undefined));
      server.listen(port, '127.0.0.1', () => {
        const { port: got } = server.address();
        server.close(() => res(got));
      });
    });
  if (preferred) {
    const got = await tryPort(preferred);
    if (got) return got;
  }
  const got = await tryPort(0);
  if (!got) throw new Error('no free TCP port on 127.0.0.1');
  return got;
}

/** `{ codeServer: '4.139.1', vscode: '1.139.1', commit }` from `code-server --version`. */
export function codeServerVersion(root = cacheRoot()) {
  const r = spawnSync(nodeBin(root), [codeServerBin(root), '--version'], { env: node24Env(root), encoding: 'utf8' });
  const m = /^(\S+)\s+(\S+)\s+with Code\s+(\S+)/m.exec(r.stdout ?? '');
  if (r.status !== 0 || !m) throw new Error(`code-server --version failed: ${r.stderr || r.stdout || r.error}`);
  return { codeServer: m[1], commit: m[2], vscode: m[3] };
}

/** Runs code-server's own CLI once (e.g. `--install-extension x.vsix --extensions-dir d`). */
export function codeServerCli(args, root = cacheRoot()) {
  const r = spawnSync(nodeBin(root), [codeServerBin(root), ...args], { env: node24Env(root), encoding: 'utf8', timeout: 120_000 });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** `<publisher>.<name>-<version>` from an extension's package.json. */
export function extensionFolderName(extensionRoot) {
  const pkg = JSON.parse(readFileSync(join(extensionRoot, 'package.json'), 'utf8'));
  return { id: `${pkg.publisher}.${pkg.name}`, folder: `${pkg.publisher}.${pkg.name}-${pkg.version}` };
}

/**
 * Installs an unpacked extension into an extensions dir: a copy of the listed entries of
 * `extensionRoot`, or with `link` a symlink to `extensionRoot` itself, so that a dev install
 * stays current after a rebuild (copies keep a test run isolated). The link is the whole
 * folder, not its entries: the extension host tells which extension calls the API by the
 * real path of the calling module under the real path of each extension's folder, and a
 * linked `dist` inside a real folder matched no extension (notifications then said "Source:
 * Null Extension Description"). Returns the installed folder.
 */
export function installExtensionFolder(extensionsDir, extensionRoot, { entries = ['package.json', 'dist', 'media', 'schemas'], link = false } = {}) {
  const { folder } = extensionFolderName(extensionRoot);
  const target = join(extensionsDir, folder);
  rmSync(target, { recursive: true, force: true }); // a link is removed, not what it points to
  for (const entry of ['package.json', 'dist']) {
    if (!existsSync(join(extensionRoot, entry))) throw new Error(`${join(extensionRoot, entry)} is missing (run npm run build first)`);
  }
  if (link) {
    symlinkSync(resolve(extensionRoot), target, 'dir');
    return target;
  }
  mkdirSync(target, { recursive: true });
  for (const entry of entries) {
    const from = join(extensionRoot, entry);
    if (existsSync(from)) cpSync(from, join(target, entry), { recursive: true, dereference: true });
  }
  return target;
}

/**
 * Starts code-server in its own process group and resolves once it prints
 * `HTTP server listening on`. Options: `workspace` (folder to open), `trust` (false keeps
 * workspace trust on, for restricted-mode tests), `settings` (merged over QUIET_SETTINGS),
 * `userDataDir` / `extensionsDir` (fresh temp folders by default), `port`, `env`,
 * `readyTimeoutMs`, `onOutput(text)`. Returns `{ url, folderUrl, port, pid, userDataDir,
 * extensionsDir, output(), stop() }`.
 */
export async function startHost(options = {}) {
  const root = options.cacheRoot ?? cacheRoot();
  const trust = options.trust ?? true;
  const base = mkdtempSync(join(tmpdir(), 'handoff-host-'));
  // The host's own temporary files (and those of the tests running in it) live in `base`,
  // removed with it on stop, instead of piling up in the system's temporary folder.
  const scratch = join(base, 'tmp');
  mkdirSync(scratch, { recursive: true });
  const userDataDir = options.userDataDir ?? join(base, 'user-data');
  const extensionsDir = options.extensionsDir ?? join(base, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  const settings = { ...QUIET_SETTINGS, 'security.workspace.trust.enabled': !trust, ...options.settings };
  if (!existsSync(settingsFile) || options.settings || options.resetSettings !== false) {
    writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
  }
  const port = options.port ?? (await freePort());
  const args = [
    codeServerBin(root),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (trust) args.push('--disable-workspace-trust');
  if (options.workspace) args.push(resolve(options.workspace));

  const child = spawn(nodeBin(root), args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: node24Env(root, { ...process.env, TMPDIR: scratch, TMP: scratch, TEMP: scratch, ...options.env }),
  });
  let out = '';
  let exited = false;
  const stop = () => {
    if (exited || !child.pid) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // The group is already gone.
    }
  };
  const deadline = options.readyTimeoutMs ?? 60_000;
  await new Promise((res, rej) => {
    const timer = setTimeout(() => {
      stop();
      rej(new Error(`code-server did not print "HTTP server listening on" within ${deadline / 1000} s. Its output:\n${out.slice(-4000)}`));
    }, deadline);
    const onData = (chunk) => {
      const text = chunk.toString();
      out += text;
      options.onOutput?.(text);
      if (/HTTP server listening on/.test(out)) {
        clearTimeout(timer);
        res();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (err) => {
      clearTimeout(timer);
      rej(new Error(`could not start code-server: ${err.message}`));
    });
    child.once('exit', (code, signal) => {
      exited = true;
      clearTimeout(timer);
      rej(new Error(`code-server exited (${signal ?? `code ${code}`}) before it was ready. Its output:\n${out.slice(-4000)}`));
    });
  });
  child.removeAllListeners('exit');
  const exitedPromise = new Promise((res) => child.once('exit', () => res()));
  child.once('exit', () => {
    exited = true;
  });
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    port,
    pid: child.pid,
    userDataDir,
    extensionsDir,
    folderUrl: (folder) => `${url}?folder=${encodeURIComponent(resolve(folder)).replace(/%2F/g, '/')}`,
    output: () => out,
    exited: exitedPromise,
    /** Ends the whole process group (code-server leaves children otherwise) and waits for it. */
    async stop({ removeTemp = !options.userDataDir } = {}) {
      stop();
      const grace = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 5_000);
      await exitedPromise;
      clearTimeout(grace);
      // Children of the group may outlive the main process by a moment; make sure of them.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Nothing left.
      }
      if (removeTemp) rmSync(base, { recursive: true, force: true });
    },
  };
}
