/**
 * The checker and the engine read `{{path}}` placeholders the same way (one definition,
 * expr/placeholder.ts): a name may hold spaces (`{{first name}}` reads the field
 * `first name`), blanks around the path are ignored, and what the checker accepts is what
 * the engine fills in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderTemplate } from '../../../src/core/engine/template';
import { ScriptedProvider } from '../../../src/core/providers/scripted';
import type { ModelRequest } from '../../../src/core/providers/types';
import { programFrom } from '../../support/program';
import { FILE, record } from '../../support/engine';

const yaml = (instructions: string) => `handoff: 1
models:
  default: { model: m }
contracts:
  In:
    version: 1
    schema:
      type: object
      required: [first name, inner]
      properties:
        first name: { type: string }
        inner: { type: object, required: [last name], properties: { last name: { type: string } } }
  Out:
    version: 1
    schema: { type: object, additionalProperties: false, required: [ok], properties: { ok: { type: boolean } } }
agents:
  greeter:
    input: In
    output: Out
    instructions: ${JSON.stringify(instructions)}
`;

const templateErrors = (instructions: string): string[] =>
  programFrom({ [FILE]: yaml(instructions) }).diagnostics.filter((d) => d.code === 'template-var').map((d) => d.message);

describe('placeholders: the checker and the engine agree', () => {
  const input = { 'first name': 'Ada', inner: { 'last name': 'Lovelace' } };
  it('a name with spaces reads that field, in the check and in the prompt', () => {
    assert.deepEqual(templateErrors('Hello {{first name}} {{ inner.last name }}'), []);
    assert.equal(renderTemplate('Hello {{first name}} {{ inner.last name }}', input), 'Hello Ada Lovelace');
  });
  it('a name with spaces the input lacks is reported', () => {
    assert.equal(templateErrors('Hello {{last name}}').length, 1);
  });
  it('blanks around the path and the whole input', () => {
    assert.equal(renderTemplate('{{  first name  }}|{{ . }}|{{}}', { 'first name': 'A' }), 'A|{"first name":"A"}|{"first name":"A"}');
    assert.deepEqual(templateErrors('{{ . }} {{}}'), []);
  });
  it('the prompt a run sends has the field filled in', async () => {
    const prompts: string[] = [];
    const provider = new ScriptedProvider((req: ModelRequest) => {
      prompts.push(String(req.messages[0]?.content));
      return { ok: true };
    });
    const r = await record(programFrom({ [FILE]: yaml('Hello {{first name}}!') }), provider, { agent: 'greeter', input });
    assert.equal(r.result.status, 'ok', r.result.error?.message);
    assert.deepEqual(prompts, ['Hello Ada!']);
  });
});
