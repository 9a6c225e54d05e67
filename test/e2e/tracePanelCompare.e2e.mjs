// History and comparison in the real trace viewer: two recorded runs of one workflow (one
// where `summarize` fell back, one where it failed) sit in the workspace's trace folder;
// the History tab lists both, and comparing them shows the changed node with both states.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { quickOpen, traceUi } from './workbench.mjs';

export async function historyComparesTwoRuns({ page, repo, workspace, screenshot }) {
  const handoffDir = join(workspace, '.handoff');
  const created = !existsSync(handoffDir);
  const runs = join(handoffDir, 'runs');
  mkdirSync(runs, { recursive: true });
  const a = join(runs, 'triage-compare-a.trace.jsonl');
  const b = join(runs, 'triage-compare-b.trace.jsonl');
  copyFileSync(join(repo, 'test/fixtures/traces/sample.trace.jsonl'), a);
  copyFileSync(join(repo, 'test/fixtures/traces/failed.trace.jsonl'), b);
  try {
    await quickOpen(page, a, 'triage-compare-a.trace.jsonl');
    const ui = traceUi(page);
    await ui.locator('.row', { hasText: 'researcher' }).first().waitFor({ state: 'visible', timeout: 30_000 });

    await ui.locator('vscode-tab-header', { hasText: 'History' }).click();
    const picks = ui.locator('.history input[type="checkbox"]');
    await picks.nth(1).waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await picks.count(), 2, 'both recorded runs of the workflow are listed');
    await picks.nth(0).check();
    await picks.nth(1).check();
    await ui.locator('.history button', { hasText: 'Compare the two picked runs' }).click();

    const compare = ui.locator('.compare');
    await compare.waitFor({ state: 'visible', timeout: 15_000 });
    const summarize = compare.locator('tr', { hasText: 'summarize' }).first();
    await summarize.waitFor({ state: 'visible', timeout: 5_000 });
    const status = await summarize.locator('.changed').textContent();
    assert.match(status ?? '', /fallback → failed|failed → fallback/, `summarize's row shows both states: ${status}`);
    assert.equal(await compare.locator('tr', { hasText: 'classify' }).locator('.changed').count(), 0, 'an unchanged node is not marked as changed');
    await screenshot('trace-compare');
  } finally {
    rmSync(a, { force: true });
    rmSync(b, { force: true });
    if (created) rmSync(handoffDir, { recursive: true, force: true });
  }
}
