import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
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
