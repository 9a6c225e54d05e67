// The Graph tab draws a run as it ran: a step with nothing before it stands in the first
// column with the other first steps, even when it feeds a step far down the chain (elk's
// default layering moved it next to that step, as if it had run later).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { quickOpen, traceUi } from './workbench.mjs';

export async function graphPutsEveryFirstStepInTheFirstColumn({ page, repo, screenshot }) {
  await quickOpen(page, join(repo, 'test/fixtures/traces/graph-sources.trace.jsonl'), 'graph-sources.trace.jsonl');
  const ui = traceUi(page);
  await ui.locator('.row').first().waitFor({ state: 'visible', timeout: 30_000 });
  await ui.locator('vscode-tab-header', { hasText: 'Graph' }).click();
  await ui.locator('.graph svg .node').first().waitFor({ state: 'visible', timeout: 15_000 });
  const xs = await ui.locator('.graph svg .node').evaluateAll((nodes) => {
    const out = {};
    for (const g of nodes) {
      const m = /translate\(([-\d.]+),/.exec(g.getAttribute('transform') ?? '');
      out[g.getAttribute('aria-label')?.split(':')[0] ?? '?'] = m ? Number(m[1]) : NaN;
    }
    return out;
  });
  assert.ok(xs, 'the graph was not found');
  assert.equal(xs.side, xs.first, `the step with nothing before it is in the first column: ${JSON.stringify(xs)}`);
  assert.ok(xs.second > xs.first && xs.last > xs.second, JSON.stringify(xs));
  await screenshot('graph-first-column');
}
