import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { schemaCommand } from '../../../src/cli/schema';
import { definitionJsonSchema } from '../../../src/core/model/definition';

describe('schemas/agents.schema.json', () => {
  it('matches the zod model (regenerate with: npx tsx src/cli/main.ts schema > schemas/agents.schema.json)', () => {
    const committed: unknown = JSON.parse(readFileSync(new URL('../../../schemas/agents.schema.json', import.meta.url), 'utf8'));
    assert.deepEqual(committed, JSON.parse(JSON.stringify(definitionJsonSchema())));
  });
  it('is what package.json contributes as yamlValidation', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { contributes: { yamlValidation: { url: string }[] } };
    assert.equal(pkg.contributes.yamlValidation[0]?.url, './schemas/agents.schema.json');
  });
});

describe('handoff schema', () => {
  it('prints the schema, and refuses arguments it does not take (exit 2)', () => {
    const out: string[] = [];
    const err: string[] = [];
    assert.equal(schemaCommand([], (s) => out.push(s), (s) => err.push(s)), 0);
    assert.deepEqual(JSON.parse(out.join('')), JSON.parse(JSON.stringify(definitionJsonSchema())));
    for (const args of [['foo'], ['--json']]) {
      const e: string[] = [];
      assert.equal(schemaCommand(args, () => {}, (s) => e.push(s)), 2);
      assert.match(e.join(''), args[0] === 'foo' ? /takes no argument 'foo'/ : /takes no option --json/);
    }
  });
});
