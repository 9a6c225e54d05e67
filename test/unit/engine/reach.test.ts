// agentsOfRun: every agent the engine binds in a run of each bundled example is in the set.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { loadProgram } from '../../../src/cli/program';
import { agentsOfRun, runWorkflow } from '../../../src/core/engine';
import { ScriptedProvider } from '../../../src/core/providers/scripted';

describe('agentsOfRun', () => {
  for (const [file, workflow, input] of [
    ['support.agents.yaml', 'support', 'ticket-billing.json'],
    ['research.agents.yaml', 'research', 'question-research.json'],
    ['analytics.agents.yaml', 'analytics', 'question-analytics.json'],
  ] as const) {
    it(`holds every agent the engine binds in a run of ${workflow}`, async () => {
      const path = resolve('examples', file);
      const program = await loadProgram(path);
      const expected = new Set(agentsOfRun(program, path, workflow, undefined).map((a) => `${a.file}:${a.name}`));
      const provider = ScriptedProvider.fromFile(path.replace(/\.agents\.yaml$/, '.script.json'));
      const bound = new Set<string>();
      const result = await runWorkflow({
        program,
        file: path,
        workflow,
        input: JSON.parse(readFileSync(resolve('examples/inputs', input), 'utf8')),
        provider,
        bind: (agent) => (bound.add(`${agent.file}:${agent.name}`), { provider, model: 'm' }),
        cwd: mkdtempSync(join(tmpdir(), 'handoff-agents-')),
      });
      assert.equal(result.status, 'ok', result.error?.message);
      assert.ok(bound.size > 1);
      for (const b of bound) assert.ok(expected.has(b), `${b} was bound but agentsOfRun missed it (has ${[...expected].join(', ')})`);
    });
  }
});
