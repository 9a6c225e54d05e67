/**
 * Entry for `@vscode/test-electron` (`extensionTestsPath`): the same in-host suite, run in a
 * desktop VS Code that loads Handoff with `extensionDevelopmentPath`. Throws when a test fails.
 */
import { runAll } from './runner';

export async function run(): Promise<void> {
  const results = await runAll(process.env['HANDOFF_E2E_FILTER']);
  for (const r of results) console.log(`${r.ok ? '✓' : '✗'} ${r.name} (${r.duration} ms)${r.ok ? '' : `\n${r.error}`}`);
  const failed = results.filter((r) => !r.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  if (failed) throw new Error(`${failed} in-host test(s) failed`);
}
