#!/usr/bin/env node
// Paired A/B of two builds of the Handoff side of the engine benchmark, in one process, their
// runs interleaved so that both see the same machine: a shared machine's speed drifts by
// more than most changes are worth, so compare builds this way, not across separate runs.
//   node engine/run.mjs --build && cp node_modules/.handoff-bench/handoff.mjs /tmp/before.mjs
//   (change the code)
//   node engine/run.mjs --build && node engine/ab.mjs /tmp/before.mjs node_modules/.handoff-bench/handoff.mjs [chain|fan|supervisor] [on|off]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [a, b, shape = 'chain', tr = 'on'] = process.argv.slice(2);
if (!a || !b) {
  process.stderr.write('usage: node engine/ab.mjs A.mjs B.mjs [chain|fan|supervisor] [on|off]\n');
  process.exit(2);
}
const A = await import(pathToFileURL(resolve(a)).href);
const B = await import(pathToFileURL(resolve(b)).href);
const trace = tr === 'on';
const steps = { chain: 200, fan: 101, supervisor: 200 }[shape];
const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
for (const h of [A, B]) for (let i = 0; i < 40; i++) await h.runShape(shape, { trace });
const ta = [];
const tb = [];
for (let r = 0; r < 30; r++) {
  for (const [h, out] of r % 2 ? [[A, ta], [B, tb]] : [[B, tb], [A, ta]]) {
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) await h.runShape(shape, { trace });
    out.push(((performance.now() - t0) * 1000) / (10 * steps));
  }
}
const ma = median(ta);
const mb = median(tb);
process.stdout.write(`${shape}, trace ${tr}: A ${ma.toFixed(1)} µs/step, B ${mb.toFixed(1)} µs/step (B/A ${(mb / ma).toFixed(2)}; 30 samples of 10 runs each, medians)\n`);
A.cleanup();
B.cleanup();
