/**
 * The checker benchmark: a generated workspace of 200 agents, 300 contracts and 50 workflows
 * (about 10,000 lines). Measures the full check (cold: the first in the process, which pays
 * for ajv's meta-schema; warm: later full checks in a fresh Workspace), the incremental
 * re-check after one edit (a workflow file nobody imports, and a contracts file that many
 * import), and memory; and, as peers in the same run, `yaml` parsing alone and plain
 * ajv compiling all 300 contract schemas. Run: node --expose-gc --import tsx bench/checker/run.ts
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import { parseDocument } from 'yaml';
import { Workspace } from '../../src/core/checker';
import { generateWorkspace } from './generate';

const RUNS = Number(process.env.RUNS ?? 15);
const files = generateWorkspace('/bench');
const lines = files.reduce((n, f) => n + f.text.split('\n').length, 0);

// Cold measurements run in a fresh process each: one full check (or one yaml parse of all
// files, the peer), printing its time and the process's peak RSS as JSON.
const mode = process.argv[2];
if (mode === '--cold-check' || mode === '--cold-yaml') {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  if (mode === '--cold-check') {
    const ws = new Workspace();
    for (const f of files) ws.setFile(f.path, f.text);
    ws.check();
  } else files.forEach((f) => parseDocument(f.text));
  const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, rssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

function coldRun(flag: string): { ms: number; cpuMs: number; rssMb: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), flag], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop() as string) as { ms: number; cpuMs: number; rssMb: number };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Wall time in ms; the CPU time of the same call goes to `cpu` (robust on a shared machine). */
const cpu = new Map<number[], number[]>();
function time(fn: () => void, into?: number[]): number {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  if (into) {
    into.push(ms);
    cpu.set(into, [...(cpu.get(into) ?? []), (c.user + c.system) / 1000]);
  }
  return ms;
}

function fullWorkspace(): Workspace {
  const ws = new Workspace();
  for (const f of files) ws.setFile(f.path, f.text);
  return ws;
}

const errors = fullWorkspace().check().diagnostics.filter((d) => d.severity === 'error').length;
const coldChecks = Array.from({ length: 5 }, () => coldRun('--cold-check'));
const coldYaml = Array.from({ length: 5 }, () => coldRun('--cold-yaml'));
const warm: number[] = [];
for (let i = 0; i < RUNS; i++) time(() => fullWorkspace().check(), warm);

const ws = fullWorkspace();
ws.check();
const leaf = files.find((f) => f.path.includes('workflows3')) as { path: string; text: string };
const shared = files.find((f) => f.path.includes('contracts7')) as { path: string; text: string };
const incLeaf: number[] = [];
const incShared: number[] = [];
for (let i = 0; i < RUNS; i++) {
  ws.setFile(leaf.path, leaf.text.replace('score >= 50', `score >= ${51 + i}`));
  time(() => ws.check(), incLeaf);
  ws.setFile(shared.path, shared.text.replace('maxLength: 200', `maxLength: ${201 + i}`));
  time(() => ws.check(), incShared);
}

const yamlRuns: number[] = [];
for (let i = 0; i < RUNS; i++) time(() => files.forEach((f) => parseDocument(f.text)), yamlRuns);
// A workflow file sees every contract through its imports.
const viewer = files[files.length - 1]!.path;
const program = ws.check();
const schemas = program.contractNames(viewer).map((n) => program.contract(n, viewer)!.schema);
const ajvRuns: number[] = [];
for (let i = 0; i < Math.min(RUNS, 5); i++) {
  time(() => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    for (const s of schemas) ajv.compile(s as object);
  }, ajvRuns);
}

// One large graph: a workflow of a 1,000-step chain in one file (the checker once did work
// per pair of steps for each step, cubic: 800 steps took 12 s). Peer: parsing that file.
const CHAIN = 1000;
const chainText = [
  'handoff: 1',
  'contracts:',
  '  Msg: { version: 1, schema: { type: object, required: [text], properties: { text: { type: string } } } }',
  'agents:',
  '  w: { input: Msg, output: Msg, instructions: "x" }',
  'workflows:',
  '  chain:',
  '    input: Msg',
  '    output: Msg',
  '    steps:',
  ...Array.from({ length: CHAIN }, (_, i) => `      s${i}: { agent: w, input: ${i === 0 ? '$input' : `$steps.s${i - 1}.output`} }`),
  `    result: $steps.s${CHAIN - 1}.output`,
  '',
].join('\n');
const chainRuns: number[] = [];
const chainYaml: number[] = [];
for (let i = 0; i < Math.min(RUNS, 7); i++) {
  time(() => {
    const w = new Workspace();
    w.setFile('/bench/chain.agents.yaml', chainText);
    if (w.check().diagnostics.some((d) => d.severity === 'error')) throw new Error('the chain does not check');
  }, chainRuns);
  time(() => parseDocument(chainText), chainYaml);
}

// Per keystroke in a large file: the editor gives the checker the edited text of a file it
// holds already and re-checks (Workspace.setFile + check). Each edit changes one description.
// Once quadratic in the size of a map (yaml's duplicate-key check compared each key with every
// earlier one, and finding a key's node searched its map): a file of 4,000 contracts, a
// workflow of 4,000 parallel steps, and the 1,000-step chain above.
const BIG = 4000;
const FAN = 4000;
const bigMapText = [
  'handoff: 1',
  'contracts:',
  ...Array.from({ length: BIG }, (_, i) => `  K${i}: { version: 1, description: "c${i}", schema: { type: object, properties: { id: { type: string } } } }`),
  '',
].join('\n');
const fanText = [
  'handoff: 1',
  'description: "edit 0"',
  'contracts:',
  '  Msg: { version: 1, schema: { type: object, required: [text], properties: { text: { type: string } } } }',
  'agents:',
  '  w: { input: Msg, output: Msg, instructions: "x" }',
  'workflows:',
  '  fan:',
  '    input: Msg',
  '    output: Msg',
  '    steps:',
  ...Array.from({ length: FAN }, (_, i) => `      p${i}: { agent: w, input: $input }`),
  '    result: $steps.p0.output',
  '',
].join('\n');
function keystrokes(path: string, text: string, edit: (text: string, i: number) => string): number[] {
  const w = new Workspace();
  w.setFile(path, text);
  if (w.check().diagnostics.some((d) => d.severity === 'error')) throw new Error(`${path} does not check`);
  const runs: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 7); i++) {
    const edited = edit(text, i + 1);
    if (edited === text) throw new Error(`the edit of ${path} changed nothing`);
    time(() => {
      w.setFile(path, edited);
      w.check();
    }, runs);
  }
  return runs;
}
const keyChain = keystrokes('/bench/chain.agents.yaml', chainText, (t, i) => t.replace('instructions: "x"', `instructions: "x${i}"`));
const keyBigMap = keystrokes('/bench/big.agents.yaml', bigMapText, (t, i) => t.replace(`description: "c${BIG >> 1}"`, `description: "c${BIG >> 1} ${i}"`));
const keyFan = keystrokes('/bench/fan.agents.yaml', fanText, (t, i) => t.replace('description: "edit 0"', `description: "edit ${i}"`));

// The heap one checked workspace keeps (needs --expose-gc; otherwise not measured).
const gc = (globalThis as { gc?: () => void }).gc;
let retainedMb = NaN;
if (gc) {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = fullWorkspace();
  kept.check();
  gc();
  retainedMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
  if (kept.files.length === 0) console.log('');
}
const peakMb = process.resourceUsage().maxRSS / 1024;
const row = (name: string, ms: number, cpuMs: number, target: string): string => `| ${name} | ${ms.toFixed(1)} ms | ${cpuMs.toFixed(1)} ms | ${target} |`;
const cpuOf = (runs: number[]): number => median(cpu.get(runs) ?? [NaN]);
console.log(`Workspace: ${files.length} files, ${lines} lines, 300 contracts, 200 agents, 50 workflows; ${errors} errors. Median of ${RUNS} runs.\n`);
console.log('| measure | median wall time | median CPU time | target |');
console.log('| --- | --- | --- | --- |');
console.log(row('full check, cold (a fresh process, 5 runs)', median(coldChecks.map((c) => c.ms)), median(coldChecks.map((c) => c.cpuMs)), '< 300 ms'));
console.log(row('full check, warm (a fresh Workspace in a warm process)', median(warm), cpuOf(warm), '< 300 ms'));
console.log(row('incremental: edit a workflow file', median(incLeaf), cpuOf(incLeaf), '< 30 ms'));
console.log(row('incremental: edit a contracts file imported by 20 files', median(incShared), cpuOf(incShared), '—'));
console.log(row('peer: yaml parseDocument of all files, cold (fresh process)', median(coldYaml.map((c) => c.ms)), median(coldYaml.map((c) => c.cpuMs)), '—'));
console.log(row('peer: yaml parseDocument of all files, warm', median(yamlRuns), cpuOf(yamlRuns), '—'));
console.log(row(`peer: ajv compiling all ${schemas.length} contract schemas`, median(ajvRuns), cpuOf(ajvRuns), '—'));
console.log(row(`full check of one workflow of a ${CHAIN.toLocaleString('en-US')}-step chain`, median(chainRuns), cpuOf(chainRuns), '—'));
console.log(row('peer: yaml parseDocument of that file', median(chainYaml), cpuOf(chainYaml), '—'));
console.log(row(`re-check after a keystroke in that ${CHAIN.toLocaleString('en-US')}-step chain`, median(keyChain), cpuOf(keyChain), '—'));
console.log(row(`re-check after a keystroke in a file of ${BIG.toLocaleString('en-US')} contracts (one map of ${BIG.toLocaleString('en-US')} keys)`, median(keyBigMap), cpuOf(keyBigMap), '—'));
console.log(row(`re-check after a keystroke in a workflow of ${FAN.toLocaleString('en-US')} parallel steps`, median(keyFan), cpuOf(keyFan), '—'));
console.log('\n| memory | value | target |');
console.log('| --- | --- | --- |');
console.log(`| peak RSS of a process doing one full check | ${median(coldChecks.map((c) => c.rssMb)).toFixed(0)} MB | < 150 MB |`);
console.log(`| peer: peak RSS of a process parsing the yaml only | ${median(coldYaml.map((c) => c.rssMb)).toFixed(0)} MB | — |`);
console.log(`| peak RSS of this whole benchmark process | ${peakMb.toFixed(0)} MB | — |`);
console.log(`| heap retained by one checked workspace | ${Number.isNaN(retainedMb) ? 'run with node --expose-gc' : `${retainedMb.toFixed(1)} MB`} | — |`);
