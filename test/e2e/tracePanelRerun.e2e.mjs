// Rerun from here, clicked in the real trace viewer: a run of the support example recorded
// by `handoff run` (the same engine and trace writer as the editor) opens in the viewer; its
// `answer` step is rerun from the details pane; the rerun finishes and says so.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { quickOpen, traceUi } from './workbench.mjs';

export async function rerunFromHereInTheTraceViewer({ page, repo, workspace, screenshot }) {
  const handoffDir = join(workspace, '.handoff');
  const created = !existsSync(handoffDir);
  mkdirSync(join(handoffDir, 'runs'), { recursive: true });
  const trace = join(handoffDir, 'runs', 'support-rerun-e2e.trace.jsonl');
  try {
    const run = spawnSync(process.execPath, [join(repo, 'dist/cli.js'), 'run', 'support.agents.yaml', '--workflow', 'support', '--provider', 'scripted', '--input', '@inputs/ticket-billing.json', '--trace', trace], { cwd: workspace, encoding: 'utf8' });
    assert.equal(run.status, 0, `handoff run failed:\n${run.stderr}`);

    await quickOpen(page, trace, 'support-rerun-e2e.trace.jsonl');
    const ui = traceUi(page);
    const step = ui.locator('.row', { hasText: 'answer' }).first();
    await step.waitFor({ state: 'visible', timeout: 30_000 });
    await step.click();
    const button = ui.locator('.details button', { hasText: 'Rerun from here' });
    await button.waitFor({ state: 'visible', timeout: 10_000 });
    assert.notEqual(await button.getAttribute('aria-disabled'), 'true', `the button is disabled: ${await button.getAttribute('title')}`);
    await button.click();
    // The rerun reports like any run: a notification with its summary.
    const done = page.locator('.notification-toast', { hasText: 'workflow support (rerun from answer) — ok' });
    await done.waitFor({ state: 'visible', timeout: 30_000 });
    // And its progress notification closes.
    await page.locator('.notification-toast', { hasText: 'running workflow support (rerun from answer)' }).waitFor({ state: 'hidden', timeout: 15_000 });
    await screenshot('trace-rerun-from-here');
  } finally {
    rmSync(trace, { force: true });
    if (created) rmSync(handoffDir, { recursive: true, force: true });
  }
}
