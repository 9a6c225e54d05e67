// The conventional runner for people with a desktop and internet: `@vscode/test-electron`
// downloads a VS Code, loads Handoff from this repo (`extensionDevelopmentPath`) and runs the
// same in-host suite as the code-server e2e run (test/vscode-suite, built to a temp folder).
// CI and headless machines use `npm run test:e2e` instead (test/e2e/run.mjs).
import { runTests } from '@vscode/test-electron';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSuite } from '../vscode-suite/build.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = mkdtempSync(join(tmpdir(), 'handoff-desktop-suite-'));
await buildSuite(out, { desktop: true });

try {
  await runTests({
    extensionDevelopmentPath: repo,
    extensionTestsPath: join(out, 'dist', 'desktop.js'),
    launchArgs: [join(repo, 'examples'), '--disable-extensions', '--disable-workspace-trust'],
    version: process.env.HANDOFF_VSCODE_VERSION || 'stable',
  });
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  if (/download|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|getaddrinfo|fetch failed|socket/i.test(message)) {
    console.error(
      `[test:desktop] could not download VS Code (${message}). This runner needs internet access and a desktop; ` +
        'on a headless or offline machine use `npm run test:e2e`, which runs the same suite in code-server.',
    );
  } else {
    console.error(`[test:desktop] the in-host suite failed: ${message}`);
  }
  process.exit(1);
}
