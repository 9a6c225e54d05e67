// A supervisor's conversation in the real trace viewer: `handoff run` records each router
// turn as the messages it adds (handoff.prompt.prefix_span/_length); the details pane of the
// last turn's model call still shows the whole conversation the model received.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { quickOpen, recordRun, traceUi } from './workbench.mjs';

export async function theTraceViewerShowsTheWholePromptOfAContinuedConversation({ page, repo, workspace, screenshot }) {
  const { trace, file, remove } = recordRun({ repo, workspace }, 'research-prompt-e2e', ['research.agents.yaml', '--workflow', 'research', '--input', '@inputs/question-research.json']);
  try {
    // The file holds the last turn as a continuation: one new message after four recorded earlier.
    const records = readFileSync(trace, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const leadCalls = records.filter((r) => r.type === 'span' && r.phase === 'start' && r.kind === 'llm' && r.attributes['handoff.agent'] === 'lead');
    assert.equal(leadCalls.length, 4, 'four router turns');
    const last = leadCalls.at(-1).attributes;
    assert.equal(last['handoff.prompt'].length, 1);
    assert.equal(last['handoff.prompt.prefix_length'], 4);
    assert.equal(last['handoff.prompt.prefix_span'], leadCalls[2].spanId);

    await quickOpen(page, trace, file);
    const ui = traceUi(page);
    const rows = ui.locator('.row');
    await ui.locator('.row', { hasText: 'writer' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const names = await ui.locator('.row .row-name').allInnerTexts();
    const lastLead = names.map((n) => n.trim()).lastIndexOf('lead');
    assert.ok(lastLead >= 0 && lastLead + 1 < names.length, `rows: ${names.join(' | ')}`);
    await rows.nth(lastLead + 1).click(); // the model call under the last `lead` agent span
    const messages = ui.locator('.details .messages .message');
    await messages.first().waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await messages.count(), 5, 'instructions, input and a message for each of three turns');
    const text = await ui.locator('.details .messages').innerText();
    assert.match(text, /Turn 1: worker 'searcher' returned/, 'the first turn, recorded on an earlier span, is shown');
    assert.match(text, /Turn 3: worker 'writer' returned/);
    assert.doesNotMatch(text, /not in this trace/);
    await screenshot('trace-continued-prompt');
  } finally {
    remove();
  }
}
