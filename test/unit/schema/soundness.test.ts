import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { isAssignable } from '../../../src/core/schema';
import { ajvMisjudges, schemaArb, valueArb, widen } from './arbitraries';

// An independent validator instance, so the property does not trust the checker's own cache.
const ajv = new Ajv2020({ strict: false });

describe('assignability is sound', () => {
  it('for pairs judged assignable, every value valid for the source is valid for the target', () => {
    let judgedOk = 0;
    let values = 0;
    const pair = fc.oneof(
      schemaArb.chain((s) => widen(s).map((t) => [s, t] as const)),
      fc.tuple(schemaArb, schemaArb),
    );
    fc.assert(
      fc.property(pair, fc.integer(), ([s, t], seed) => {
        const r = isAssignable(s, t);
        if (!r.ok || r.unproven.length > 0) return;
        judgedOk++;
        const vs = ajv.compile(s);
        const vt = ajv.compile(t);
        for (const raw of fc.sample(valueArb(s), { numRuns: 15, seed })) {
          // fast-check may build null-prototype objects; a JSON round trip gives plain data.
          const v: unknown = raw === undefined ? undefined : JSON.parse(JSON.stringify(raw));
          // ajv, the reference here, misjudges (or throws on) values that use Object.prototype's names: see arbitraries.ts.
          if (v === undefined || ajvMisjudges(v) || !vs(v)) continue;
          values++;
          assert.ok(vt(v), `value ${JSON.stringify(v)} valid for ${JSON.stringify(s)} but not for ${JSON.stringify(t)}`);
        }
      }),
      { numRuns: 4000 },
    );
    assert.ok(judgedOk > 1000, `only ${judgedOk} pairs were judged assignable`);
    assert.ok(values > 5000, `only ${values} values were checked`);
  });
});
