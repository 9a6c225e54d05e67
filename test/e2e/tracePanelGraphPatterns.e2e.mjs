// The Graph tab of supervisor and plan runs of the examples: the supervisor's router leads to
// each worker (one column of workers, not a chain in turn order), the planner comes before
// its steps in their order, and a run that has only begun shows the router and every worker
// of the definition as pending.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { quickOpen, recordRun, traceUi } from './workbench.mjs';

/** Opens a trace, shows its Graph tab and returns each node's aria-label with its position. */
async function openGraph(page, trace, file, nodes) {
  await quickOpen(page, trace, file);
  const ui = traceUi(page);
  await ui.locator('.row').first().waitFor({ state: 'visible', timeout: 30_000 });
  await ui.locator('vscode-tab-header', { hasText: 'Graph' }).click();
  // The plan arrives from the definition after the trace: wait for the whole graph.
  await ui.locator('.graph svg .node').nth(nodes - 1).waitFor({ state: 'visible', timeout: 15_000 });
  return ui.locator('.graph svg .node').evaluateAll((gs) => {
    const out = {};
    for (const g of gs) {
      const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(g.getAttribute('transform') ?? '');
      out[g.getAttribute('aria-label') ?? '?'] = m ? { x: Number(m[1]), y: Number(m[2]) } : undefined;
    }
    return out;
  });
}

export async function graphOfASupervisorRunIsItsRouterAndWorkers({ page, repo, workspace, screenshot }) {
  const { trace, file, remove } = recordRun({ repo, workspace }, 'research-graph-e2e', ['research.agents.yaml', '--workflow', 'research', '--input', '@inputs/question-research.json']);
  try {
    const at = await openGraph(page, trace, file, 4);
    assert.deepEqual(Object.keys(at).sort(), ['analyst: ok', 'lead (supervisor): ok', 'searcher: ok', 'writer: ok'], JSON.stringify(at));
    const lead = at['lead (supervisor): ok'];
    const workers = [at['searcher: ok'], at['analyst: ok'], at['writer: ok']];
    assert.ok(workers.every((w) => w.x === workers[0].x && w.x > lead.x), `the workers stand in one column after the router: ${JSON.stringify(at)}`);
    const ui = traceUi(page);
    assert.equal(await ui.locator('.graph svg .edge').count(), 3);
    assert.equal(await ui.locator('.graph svg .edge[marker-start]').count(), 3, 'each edge reads both ways');
    await screenshot('graph-supervisor');
  } finally {
    remove();
  }
}

export async function graphOfAPlanRunIsItsPlannerThenItsSteps({ page, repo, workspace, screenshot }) {
  const { trace, file, remove } = recordRun({ repo, workspace }, 'analytics-graph-e2e', ['analytics.agents.yaml', '--workflow', 'analytics', '--input', '@inputs/question-analytics.json']);
  try {
    const at = await openGraph(page, trace, file, 4);
    const order = ['planner (planner): ok', '1. sql: ok', '2. chart: fallback', '3. summarize: ok'];
    assert.deepEqual(Object.keys(at).sort(), [...order].sort(), JSON.stringify(at));
    for (let i = 1; i < order.length; i++) assert.ok(at[order[i]].x > at[order[i - 1]].x, `${order[i]} after ${order[i - 1]}: ${JSON.stringify(at)}`);
    assert.equal(await traceUi(page).locator('.graph svg .edge[marker-start]').count(), 0, 'a plan runs in one direction');
    await screenshot('graph-plan');
  } finally {
    remove();
  }
}

export async function graphOfASupervisorRunJustBegunShowsEveryWorkerPending({ page, repo, workspace, screenshot }) {
  const { trace, remove } = recordRun({ repo, workspace }, 'research-begun-e2e', ['research.agents.yaml', '--workflow', 'research', '--input', '@inputs/question-research.json']);
  try {
    // The run line, the workflow span and the router's first turn: as a live run shows it then.
    const lines = readFileSync(trace, 'utf8').split('\n').slice(0, 3);
    writeFileSync(trace, `${lines.join('\n')}\n`);
    const at = await openGraph(page, trace, 'research-begun-e2e.trace.jsonl', 4);
    assert.deepEqual(Object.keys(at).sort(), ['analyst: pending', 'lead (supervisor): did not end', 'searcher: pending', 'writer: pending'], JSON.stringify(at));
    await screenshot('graph-supervisor-begun');
  } finally {
    remove();
  }
}
