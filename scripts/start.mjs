// `npm start`: VS Code in the browser with Handoff loaded and the examples open. Installs the
// test host if needed, installs the built extension into a persistent dev extensions dir
// (symlinked, so a rebuild plus "Developer: Reload Window" picks up changes), starts
// code-server on 127.0.0.1 (port 8080 when free) and runs until Ctrl-C.
//
//   npm start                 code-server in the browser
//   npm start -- --desktop    a local desktop `code --extensionDevelopmentPath=<repo>`
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InstallError, ensureTestHost } from './test-host/install.mjs';
import { codeServerVersion, freePort, installExtensionFolder, startHost } from './test-host/host.mjs';
import { cacheRoot } from './test-host/paths.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const examples = join(repo, 'examples');

function desktop() {
  const found = spawnSync('code', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    console.error('[start] `code` is not on PATH. Install VS Code and its shell command ("Shell Command: Install \'code\' command in PATH"), or run `npm start` without --desktop for the browser host.');
    process.exit(1);
  }
  const child = spawn('code', [`--extensionDevelopmentPath=${repo}`, examples], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

async function browser() {
  try {
    await ensureTestHost();
  } catch (err) {
    console.error(`[start] ${err instanceof InstallError ? err.message : (err?.stack ?? err)}`);
    process.exit(1);
  }
  // One profile and extensions dir for development, kept between runs (settings persist).
  const dev = join(cacheRoot(), 'dev');
  const extensionsDir = join(dev, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  installExtensionFolder(extensionsDir, repo, { link: true });
  const port = await freePort(Number(process.env.PORT) || 8080);
  const host = await startHost({
    workspace: examples,
    port,
    userDataDir: join(dev, 'user-data'),
    extensionsDir,
    resetSettings: false,
  });
  const { vscode } = codeServerVersion();
  console.log(`[start] VS Code ${vscode} with Handoff, examples open:`);
  console.log(`\n    ${host.folderUrl(examples)}\n`);
  console.log('[start] after `npm run build` (or with `npm run watch`), run "Developer: Reload Window" in the browser. Ctrl-C stops.');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\n[start] stopping code-server…');
    await host.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await host.exited;
  if (!stopping) {
    console.error(`[start] code-server exited on its own. Its last output:\n${host.output().slice(-2000)}`);
    process.exit(1);
  }
}

if (process.argv.includes('--desktop')) desktop();
else await browser();
