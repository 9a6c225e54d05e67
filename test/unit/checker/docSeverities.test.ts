/**
 * docs/diagnostics.md says the severity of each code: what the checker emits must be that
 * severity (`unproven` is a warning: a handoff it could not prove may still fail).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { programFrom } from '../../support/program';

const docs = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'diagnostics.md'), 'utf8');
/** code → severity, for the rows that give one severity. */
const documented = new Map([...docs.matchAll(/^\| \[`([a-z-]+)`\]\(#[a-z-]+\) \| (error|warning|info) \|/gm)].map((m) => [m[1] as string, m[2] as string]));

const FILE = '/virtual/severities.agents.yaml';
const yaml = `handoff: 1
contracts:
  In: { version: 1, schema: { type: object, required: [q], properties: { q: { type: string } } } }
  Cond:
    version: 1
    schema:
      type: object
      required: [q]
      properties: { q: { type: string } }
      if: { properties: { q: { const: "x" } } }
      then: { required: [q] }
agents:
  a: { input: In, output: In, instructions: "go" }
  c: { input: Cond, output: In, instructions: "go" }
workflows:
  w:
    input: In
    output: In
    steps:
      first: { agent: a }
      second: { agent: c, after: [first] }
      third: { agent: a, input: { q: 3 } }
    result: $steps.second.output
`;

describe('the severities docs/diagnostics.md gives', () => {
  it('documents every code with one severity the checker uses for it', () => {
    assert.equal(documented.get('unproven'), 'warning');
    const diags = programFrom({ [FILE]: yaml }).diagnostics;
    const codes = new Set<string>(diags.map((d) => d.code));
    for (const code of ['unproven', 'unused-step', 'handoff-mismatch']) assert.ok(codes.has(code), `${code} was not produced: ${diags.map((d) => `${d.code} ${d.message}`).join('\n')}`);
    for (const d of diags) {
      const sev = documented.get(d.code);
      if (sev !== undefined) assert.equal(d.severity, sev, `${d.code}: ${d.message}`);
    }
  });
});
