// A supervisor's conversation in the real trace viewer: `handoff run` records each router
// turn as the messages it adds (handoff.prompt.prefix_span/_length); the details pane of the
// last turn's model call still shows the whole conversation the model received.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { quickOpen, traceUi } from './workbench.mjs';

export async function theTraceViewerShowsTheWholePromptOfAContinuedConversation({ page, repo, workspace, screenshot }) {
  const handoffDir = join(workspace, '.handoff');
  const created = !existsSync(handoffDir);
  mkdirSync(join(handoffDir, 'runs'), { recursive: true });
  const trace = join(handoffDir, 'runs', 'research-prompt-e2e.trace.jsonl');
  try {
    const run = spawnSync(process.execPath, [join(repo, 'dist/cli.js'), 'run', 'research.agents.yaml', '--workflow', 'research', '--provider', 'scripted', '--input', '@inputs/question-research.json', '--trace', trace], { cwd: workspace, encoding: 'utf8' });
    assert.equal(run.status, 0, `handoff run failed:\n${run.stderr}`);

    // The file holds the last turn as a continuation: two new messages after six recorded earlier.
    const records = readFileSync(trace, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const leadCalls = records.filter((r) => r.type === 'span' && r.phase === 'start' && r.kind === 'llm' && r.attributes['handoff.agent'] === 'lead');
    assert.equal(leadCalls.length, 4, 'four router turns');
    const last = leadCalls.at(-1).attributes;
    assert.equal(last['handoff.prompt'].length, 2);
    assert.equal(last['handoff.prompt.prefix_length'], 6);
    assert.equal(last['handoff.prompt.prefix_span'], leadCalls[2].spanId);

    await quickOpen(page, trace, 'research-prompt-e2e.trace.jsonl');
    const ui = traceUi(page);
    const rows = ui.locator('.row');
    await ui.locator('.row', { hasText: 'writer' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const names = await ui.locator('.row .row-name').allInnerTexts();
    const lastLead = names.map((n) => n.trim()).lastIndexOf('lead');
    assert.ok(lastLead >= 0 && lastLead + 1 < names.length, `rows: ${names.join(' | ')}`);
    await rows.nth(lastLead + 1).click(); // the model call under the last `lead` agent span
    const messages = ui.locator('.details .messages .message');
    await messages.first().waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await messages.count(), 8, 'instructions, input and three turns of two messages');
    const text = await ui.locator('.details .messages').innerText();
    assert.match(text, /Turn 1: worker 'searcher' returned/, 'the first turn, recorded on an earlier span, is shown');
    assert.match(text, /Turn 3: worker 'writer' returned/);
    assert.doesNotMatch(text, /not in this trace/);
    await screenshot('trace-continued-prompt');
  } finally {
    rmSync(trace, { force: true });
    if (created) rmSync(handoffDir, { recursive: true, force: true });
  }
}
