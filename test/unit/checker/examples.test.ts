import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadWorkspace } from '../../../src/core/checker';

const dir = new URL('../../../examples/', import.meta.url).pathname;

describe('the bundled examples', () => {
  it('check without errors', () => {
    const files = readdirSync(dir).filter((f) => /\.agents\.ya?ml$/.test(f)).map((f) => join(dir, f));
    assert.ok(files.length > 0);
    const errors = loadWorkspace(files).check().diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => `${d.range.file}:${d.range.start.line} ${d.code} ${d.message}`), []);
  });
});
