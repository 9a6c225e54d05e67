// The end-to-end driver: installs the test host if needed (scripts/test-host/install.mjs),
// starts one code-server with Handoff and the test-only suite extension (test/vscode-suite)
// installed and the examples/ folder open, opens it in Chromium through playwright-core,
// collects the in-host suite's results and runs the driver-side tests in test/e2e/*.e2e.mjs.
//
// A *.e2e.mjs file exports named async tests receiving { page, host, workspace, repo,
// screenshot(name) }; it may export `hostOptions` (e.g. { trust: false }) to run its tests
// in a separate code-server start with those options (the in-host suite runs only in the
// default start). Screenshots and, on failure, the host's logs go to test-results/.
//
//   node test/e2e/run.mjs [name-filter]     env: HANDOFF_E2E_WORKSPACE (default examples/)
import { chromium } from 'playwright-core';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureTestHost } from '../../scripts/test-host/install.mjs';
import { codeServerVersion, extensionFolderName, installExtensionFolder, startHost } from '../../scripts/test-host/host.mjs';
import { CHROMIUM } from '../../scripts/test-host/paths.mjs';
import { buildSuite } from '../vscode-suite/build.mjs';
import { waitForWorkbench } from './workbench.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const here = join(repo, 'test/e2e');
const outDir = join(repo, 'test-results');
const workspace = resolve(process.env.HANDOFF_E2E_WORKSPACE || join(repo, 'examples'));
const filter = process.argv[2];
/** How long the in-host suite may go without starting its next test (above any test's timeout). */
const IN_HOST_TIMEOUT_MS = 150_000;
const DRIVER_TEST_TIMEOUT_MS = 120_000;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const results = [];
const started = Date.now();

// Every temporary folder of this run (the tests', code-server's, Chromium's) goes under one
// folder, removed at the end, instead of piling up in the system's temporary folder.
const scratch = mkdtempSync(join(tmpdir(), 'hx-'));
process.env.TMPDIR = process.env.TMP = process.env.TEMP = scratch;
const removeScratch = () => rmSync(scratch, { recursive: true, force: true });

// Ctrl-C (or CI cancelling) must not leave code-server's process groups behind.
const running = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    console.log(`\n${signal}: stopping ${running.size} code-server host(s)`);
    await Promise.all([...running].map((h) => h.stop()));
    removeScratch();
    process.exit(130);
  });
}

function report(name, ok, duration, error) {
  results.push({ name, ok, duration, error });
  console.log(`${ok ? '✓' : '✗'} ${name} (${duration} ms)`);
  if (!ok && error) console.log(`    ${String(error).split('\n').slice(0, 12).join('\n    ')}`);
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Bounded poll for the in-host results file; each round re-checks the condition. The suite
 * writes `<file>.progress` before each test: the deadline is counted from the last progress
 * (so a long suite is fine and a stuck one is not), and a give-up names the running test.
 */
async function waitForResults(file, host, stallMs) {
  let lastProgress = '';
  let deadline = Date.now() + stallMs;
  while (Date.now() < deadline) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
    const progress = existsSync(`${file}.progress`) ? readFileSync(`${file}.progress`, 'utf8') : '';
    if (progress !== lastProgress) {
      lastProgress = progress;
      deadline = Date.now() + stallMs;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const partial = lastProgress ? JSON.parse(lastProgress) : undefined;
  const error = new Error(
    partial
      ? `the in-host suite made no progress for ${stallMs / 1000} s while running "${partial.running}"`
      : `the in-host suite wrote no results to ${file} within ${stallMs / 1000} s (did the extension host start and ` +
        `activate handoff-test.handoff-e2e-suite?). code-server output:\n${host.output().slice(-2000)}`,
  );
  error.partial = partial?.results ?? [];
  throw error;
}

async function loadDriverModules() {
  const files = readdirSync(here).filter((f) => f.endsWith('.e2e.mjs')).sort();
  const groups = new Map();
  for (const file of files) {
    const mod = await import(pathToFileURL(join(here, file)).href);
    const hostOptions = mod.hostOptions ?? {};
    const key = JSON.stringify(hostOptions);
    if (!groups.has(key)) groups.set(key, { hostOptions, tests: [] });
    for (const [name, fn] of Object.entries(mod)) {
      if (name === 'hostOptions' || typeof fn !== 'function') continue;
      const full = `${file.replace(/\.e2e\.mjs$/, '')}: ${name}`;
      if (filter && !full.includes(filter)) continue;
      groups.get(key).tests.push({ name: full, fn });
    }
  }
  // The default group (in-host suite too) first.
  return [...groups.entries()].sort(([a], [b]) => (a === '{}' ? -1 : b === '{}' ? 1 : 0)).map(([, g]) => g);
}

async function runGroup(browser, group, { inHost, suiteDir, tmp }) {
  const resultsFile = join(tmp, `in-host-${Date.now()}.json`);
  const host = await startHost({
    workspace,
    ...group.hostOptions,
    env: inHost ? { HANDOFF_E2E_RESULTS: resultsFile, ...(filter ? { HANDOFF_E2E_FILTER: filter } : {}) } : {},
  });
  running.add(host);
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  let shot = 0;
  const screenshot = async (name) => {
    const prefix = group.hostOptions.trust === false ? 'restricted-' : '';
    const path = join(outDir, `${prefix}${String(++shot).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path });
    console.log(`    screenshot: ${path}`);
    return path;
  };
  try {
    installExtensionFolder(host.extensionsDir, repo);
    if (inHost) installExtensionFolder(host.extensionsDir, suiteDir, { entries: ['package.json', 'dist'] });
    await page.goto(host.folderUrl(workspace));
    await waitForWorkbench(page);
    if (inHost) {
      const t0 = Date.now();
      try {
        const suite = await waitForResults(resultsFile, host, IN_HOST_TIMEOUT_MS);
        for (const r of suite.results) report(`in-host: ${r.name}`, r.ok, r.duration, r.error);
        if (suite.results.length === 0 && !filter) report('in-host: suite ran tests', false, Date.now() - t0, 'no tests ran (filter too narrow?)');
      } catch (err) {
        for (const r of err.partial ?? []) report(`in-host: ${r.name}`, r.ok, r.duration, r.error);
        report('in-host: suite', false, Date.now() - t0, err.message);
      }
    }
    for (const t of group.tests) {
      // Leave no quick pick, menu or dialog from the previous test in this one's way.
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      const t0 = Date.now();
      try {
        await withTimeout(t.fn({ page, host, workspace, repo, screenshot }), DRIVER_TEST_TIMEOUT_MS, t.name);
        report(t.name, true, Date.now() - t0);
      } catch (err) {
        report(t.name, false, Date.now() - t0, err?.stack ?? String(err));
        await screenshot(`failed-${t.name.replace(/[^a-z0-9]+/gi, '-')}`).catch(() => {});
      }
    }
  } catch (err) {
    report('host start and workbench load', false, 0, err?.stack ?? String(err));
  } finally {
    if (results.some((r) => !r.ok)) {
      // The extension host's own logs say why an extension did not load or a test failed.
      const logs = join(host.userDataDir, 'logs');
      if (existsSync(logs)) cpSync(logs, join(outDir, 'host-logs'), { recursive: true });
      writeFileSync(join(outDir, 'code-server.log'), host.output());
    }
    await context.close();
    await host.stop();
    running.delete(host);
  }
}

async function main() {
  await ensureTestHost();
  const v = codeServerVersion();
  console.log(`VS Code ${v.vscode}`);
  console.log(`(code-server ${v.codeServer}, workspace ${workspace})`);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  if (!existsSync(join(repo, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run npm run build first');
  if (!existsSync(workspace)) throw new Error(`workspace folder ${workspace} does not exist`);
  const tmp = mkdtempSync(join(tmpdir(), 'handoff-e2e-'));
  const suiteDir = join(tmp, extensionFolderName(join(repo, 'test/vscode-suite')).folder);
  const { files } = await buildSuite(suiteDir);
  console.log(`in-host suite: ${files.join(', ')}`);
  const groups = await loadDriverModules();
  if (!groups.some((g) => JSON.stringify(g.hostOptions) === '{}')) groups.unshift({ hostOptions: {}, tests: [] });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    for (const group of groups) {
      const inHost = JSON.stringify(group.hostOptions) === '{}';
      if (!inHost && group.tests.length === 0) continue;
      await runGroup(browser, group, { inHost, suiteDir, tmp });
    }
  } finally {
    await browser.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (err) {
  report('e2e setup', false, 0, err?.stack ?? String(err));
}
const failed = results.filter((r) => !r.ok).length;
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'e2e-results.json'), `${JSON.stringify({ results }, null, 2)}\n`);
console.log(`e2e wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${results.length - failed} passed, ${failed} failed`);
removeScratch();
process.exit(failed || results.length === 0 ? 1 : 0);
