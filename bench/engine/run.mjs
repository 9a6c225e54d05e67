#!/usr/bin/env node
// The engine benchmark: orchestration overhead per step with an instant model, for
// Handoff (tracing to a file and validation on; and, for reference, without the file),
// @langchain/langgraph, @mastra/core and plain async functions (the floor), on three shapes. Each framework × shape runs in its
// own child process (so peak memory is its own); medians over repeated runs.
// Usage: node engine/run.mjs [--runs N] [--rounds N]   (from bench/, after npm install; run it with each Node you care about)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const built = join(here, '..', 'node_modules', '.handoff-bench', 'handoff.mjs'); // ignored, rebuilt each run
const STEPS = { chain: 200, fan: 101, supervisor: 200 };
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 21;
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 3;

async function build() {
  const { build } = await import(pathToFileURL(join(root, 'node_modules', 'esbuild', 'lib', 'main.js')).href);
  mkdirSync(dirname(built), { recursive: true });
  await build({ entryPoints: [join(here, 'handoff.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: built, logLevel: 'warning',
    alias: { 'jsonc-parser': join(root, 'node_modules', 'jsonc-parser', 'lib', 'esm', 'main.js') }, // as scripts/build.mjs: its UMD main does not bundle
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Warm-up: at least this many runs and this long, so every framework is measured JIT-compiled (steady state). */
const WARMUP_RUNS = 30;
const WARMUP_MS = 1500;

async function child(framework, shape) {
  let fn;
  let done = () => {};
  if (framework === 'handoff' || framework === 'handoff-no-file') {
    const h = await import(pathToFileURL(built).href);
    const trace = framework === 'handoff';
    fn = () => h.runShape(shape, { trace });
    done = () => h.cleanup();
  } else {
    const peers = await import('./peers.mjs');
    const impl = framework === 'plain' ? peers.plain : await peers[framework]();
    fn = impl[shape];
  }
  const warm = performance.now();
  for (let i = 0; i < WARMUP_RUNS || performance.now() - warm < WARMUP_MS; i++) await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  done();
  return { ms, perStepUs: (ms * 1000) / STEPS[shape], maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function extras() {
  const h = await import(pathToFileURL(built).href);
  const rate = h.validationRate();
  /** Runs `reps` runs of a shape with and without the trace file, alternating, three times: medians and the span count. */
  const traceCost = async (shape, reps, latencyMs, warm) => {
    const timeIt = async (trace) => {
      let spans = 0;
      const t0 = performance.now();
      for (let i = 0; i < reps; i++) spans += (await h.runShape(shape, { trace, latencyMs })).spans;
      return { ms: performance.now() - t0, spans };
    };
    if (warm) {
      await timeIt(false);
      await timeIt(true);
    }
    const off = [], on = [];
    let spans = 0;
    for (let i = 0; i < 3; i++) {
      off.push((await timeIt(false)).ms);
      const r = await timeIt(true);
      on.push(r.ms);
      spans = r.spans;
    }
    return { spans, offMs: median(off), onMs: median(on) };
  };
  // 100,000+ spans: repeat the chain (about 600 spans a run) with and without the trace file.
  const instant = await traceCost('chain', 170, 0, true);
  // The same trace volume with a model that takes 10 ms (a real one takes 0.5–10 s): the fan-out,
  // 100 calls at once, so the run waits on the model and the writer works while it waits.
  const slow = await traceCost('fan', 340, 10, false);
  h.cleanup();
  return { validationPerSec: rate, traceSpans: instant.spans, traceOffMs: instant.offMs, traceOnMs: instant.onMs, slowSpans: slow.spans, slowOffMs: slow.offMs, slowOnMs: slow.onMs };
}

if (args[0] === '--build') {
  await build();
} else if (args[0] === '--child') {
  const [, framework, shape] = args;
  try {
    const r = shape === 'extras' ? await extras() : await child(framework, shape);
    process.stdout.write(JSON.stringify({ ok: true, ...r }));
  } catch (err) {
    process.stdout.write(JSON.stringify({ ok: false, error: String(err?.message ?? err).split('\n')[0].slice(0, 160) }));
  }
  process.exit(0);
} else {
  await build();
  // `handoff-no-file`: the same runs without the trace file (records still made and counted), to show the engine's own cost beside the file's.
  const frameworks = ['plain', 'handoff', 'handoff-no-file', 'langgraph', 'mastra'];
  // A shared machine's speed drifts over minutes: the frameworks take turns, shape by shape,
  // in each of `rounds` rounds, and a cell is the median of its rounds (each a median of runs).
  const results = new Map(frameworks.map((fw) => [fw, Object.fromEntries(Object.keys(STEPS).map((s) => [s, []]))]));
  for (let round = 1; round <= rounds; round++) {
    for (const shape of Object.keys(STEPS)) {
      for (const fw of frameworks) {
        const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', fw, shape, '--runs', String(runs)], { cwd: join(here, '..'), encoding: 'utf8', timeout: 600_000 });
        let c;
        try {
          c = JSON.parse(r.stdout);
        } catch {
          c = { ok: false, error: (r.stderr || `exit ${r.status}`).split('\n').find((l) => l.trim()) ?? 'failed' };
        }
        results.get(fw)[shape].push(c);
        process.stderr.write(`round ${round} ${fw} ${shape}: ${JSON.stringify(c)}\n`);
      }
    }
  }
  const medianCell = (cells) => {
    const ok = cells.filter((c) => c.ok).sort((a, b) => a.perStepUs - b.perStepUs);
    return ok.length ? { ...ok[Math.floor(ok.length / 2)], rounds: ok.map((c) => c.perStepUs) } : cells[0];
  };
  const rows = frameworks.map((fw) => ({ framework: fw, ...Object.fromEntries(Object.keys(STEPS).map((s) => [s, medianCell(results.get(fw)[s])])) }));
  const ex = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', 'handoff', 'extras'], { cwd: join(here, '..'), encoding: 'utf8' });
  const extra = JSON.parse(ex.stdout || '{"ok":false,"error":"failed"}');

  const cell = (c) => (c.ok ? `${c.perStepUs.toFixed(1)} µs (${c.maxRssMb.toFixed(0)} MB)` : `failed: ${c.error}`);
  const lines = [
    `Node ${process.version}, ${process.platform} ${process.arch}; each cell the median of ${rounds} rounds (frameworks taking turns), each round the median of ${runs} runs after a warm-up of at least ${WARMUP_RUNS} runs and ${WARMUP_MS / 1000} s; per step = run time / steps (chain 200, fan-out 100 + join, supervisor 200 turns); peak RSS of the process in parentheses.`,
    '',
    '| framework | chain of 200 | fan-out 100 + join | supervisor 200 turns |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.framework} | ${cell(r.chain)} | ${cell(r.fan)} | ${cell(r.supervisor)} |`),
    '',
    `Handoff ÷ fastest peer (chain / fan-out / supervisor): ${Object.keys(STEPS).map((s) => { const peer = Math.min(...['langgraph', 'mastra'].map((fw) => rows.find((r) => r.framework === fw)[s]).filter((c) => c.ok).map((c) => c.perStepUs)); const h = rows.find((r) => r.framework === 'handoff')[s]; return h.ok ? (h.perStepUs / peer).toFixed(2) : 'n/a'; }).join(' / ')}. Per round, µs per step: ${rows.map((r) => `${r.framework} ${Object.keys(STEPS).map((s) => (r[s].rounds ?? []).map((x) => x.toFixed(1)).join(',')).join(' | ')}`).join('; ')}.`,
    '',
  ];
  if (extra.ok) {
    const slow = ((extra.traceOnMs / extra.traceOffMs - 1) * 100).toFixed(1);
    lines.push(
      `- Validation of a ten-field contract: ${Math.round(extra.validationPerSec).toLocaleString('en-US')} values/s.`,
      `- Trace of ${extra.traceSpans.toLocaleString('en-US')} spans written to a file (the chain, instant model): ${extra.traceOnMs.toFixed(0)} ms vs ${extra.traceOffMs.toFixed(0)} ms without the file (${slow}% slower).`,
      `- The same with a model that answers in 10 ms (the fan-out, ${extra.slowSpans.toLocaleString('en-US')} spans): ${extra.slowOnMs.toFixed(0)} ms vs ${extra.slowOffMs.toFixed(0)} ms without the file (${((extra.slowOnMs / extra.slowOffMs - 1) * 100).toFixed(1)}% slower).`,
    );
  } else lines.push(`- extras failed: ${extra.error}`);
  const table = lines.join('\n');
  process.stdout.write(`${table}\n`);
  writeFileSync(join(dirname(built), 'last-run.md'), `${table}\n`); // the table of the latest run, beside the build
  if (!existsSync(join(here, 'RESULTS.md'))) writeFileSync(join(here, 'RESULTS.md'), `# Engine benchmark\n\n${table}\n`);
}
