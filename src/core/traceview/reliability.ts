/**
 * Reliability over recorded runs: per agent, how its calls ended (first try, after repair,
 * by fallback, failed); the workflow's compounded end-to-end estimate (every step must
 * succeed, so the product over its steps) at three levels — first try only, with retries,
 * with fallbacks — and the anomaly rule for a run against the recent baseline.
 */
import { type SpanNode, type TraceModel, isReplayed, numAttr, ownState, replayOf } from './model';
import { computeTotals, tokensOf } from './totals';

export interface Outcomes {
  firstTry: number;
  repaired: number;
  fallback: number;
  failed: number;
}

export interface AgentReliability extends Outcomes {
  readonly agent: string;
  readonly total: number;
  /** Share that ended with a valid output, fallback included. */
  readonly successRate: number;
  readonly firstTryRate: number;
}

export interface CompoundEstimate {
  /** Steps (or agents) multiplied, in order: those whose agent has recorded outcomes. */
  readonly factors: { name: string; agent: string; firstTry: number; withRetries: number; withFallback: number }[];
  /**
   * Steps whose agent never ran in the recorded runs: no data, so unknown, not 100 %. They
   * are left out of the products, which are then an upper bound. Absent when there are none.
   */
  readonly unknown?: string[];
  readonly firstTry: number;
  readonly withRetries: number;
  readonly withFallback: number;
}

/**
 * Whether an agent call needed a retry: a model call after the first attempt (a provider
 * error or a violation). A critic's revision starts again at attempt 0: it is no repair.
 */
function retried(agent: SpanNode): boolean {
  return agent.children.some((c) => c.kind === 'llm' && (numAttr(c, 'handoff.attempt') ?? 0) > 0);
}

/**
 * Outcome of each agent span of one run, by agent name. An agent call answered wholly from a
 * recording (every model call replayed) repeats an outcome recorded before: it is left out.
 */
export function agentOutcomes(model: TraceModel): Map<string, Outcomes> {
  const out = new Map<string, Outcomes>();
  for (const n of model.walk()) {
    if (n.kind !== 'agent' || isReplayed(n)) continue;
    const s = ownState(n);
    const o = out.get(n.name) ?? { firstTry: 0, repaired: 0, fallback: 0, failed: 0 };
    if (s === 'failed') o.failed++;
    else if (s === 'fallback') o.fallback++;
    else if (s === 'repaired' || (s === 'ok' && retried(n))) o.repaired++;
    else if (s === 'ok') o.firstTry++;
    else continue; // running, skipped and cancelled say nothing about reliability
    out.set(n.name, o);
  }
  return out;
}

export function agentReliability(runs: readonly TraceModel[]): AgentReliability[] {
  return sumOutcomes(runs.map(agentOutcomes));
}

/** The runs that observed something new: all but those whose every model call was replayed. */
export function liveRuns<T extends { readonly metrics: Pick<RunMetrics, 'replay'> }>(runs: readonly T[]): T[] {
  return runs.filter((r) => r.metrics.replay !== 'all');
}

/** Each agent's outcomes summed over runs (one map a run), with its rates. */
export function sumOutcomes(perRun: Iterable<ReadonlyMap<string, Outcomes>>): AgentReliability[] {
  const sum = new Map<string, Outcomes>();
  for (const outcomes of perRun) {
    for (const [agent, o] of outcomes) {
      const s = sum.get(agent) ?? { firstTry: 0, repaired: 0, fallback: 0, failed: 0 };
      s.firstTry += o.firstTry;
      s.repaired += o.repaired;
      s.fallback += o.fallback;
      s.failed += o.failed;
      sum.set(agent, s);
    }
  }
  return [...sum.entries()]
    .map(([agent, o]) => {
      const total = o.firstTry + o.repaired + o.fallback + o.failed;
      return {
        agent,
        ...o,
        total,
        successRate: total ? (o.firstTry + o.repaired + o.fallback) / total : 0,
        firstTryRate: total ? o.firstTry / total : 0,
      };
    })
    .sort((a, b) => a.agent.localeCompare(b.agent));
}

/**
 * The end-to-end estimate: the product over the workflow's steps of each step's agent's
 * success probability. `steps` maps step name to agent name; when absent, each agent seen
 * counts once.
 */
export function compoundEstimate(
  rel: readonly AgentReliability[],
  steps?: readonly { name: string; agent: string }[],
): CompoundEstimate {
  const byAgent = new Map(rel.map((r) => [r.agent, r]));
  const list = steps ?? rel.map((r) => ({ name: r.agent, agent: r.agent }));
  const factors: CompoundEstimate['factors'] = [];
  const unknown: string[] = [];
  for (const { name, agent } of list) {
    const r = byAgent.get(agent);
    const t = r?.total ?? 0;
    if (!r || !t) {
      unknown.push(name);
      continue;
    }
    factors.push({
      name,
      agent,
      firstTry: r.firstTry / t,
      withRetries: (r.firstTry + r.repaired) / t,
      withFallback: (r.firstTry + r.repaired + r.fallback) / t,
    });
  }
  const prod = (k: 'firstTry' | 'withRetries' | 'withFallback'): number => factors.reduce((p, f) => p * f[k], 1);
  return { factors, ...(unknown.length ? { unknown } : {}), firstTry: prod('firstTry'), withRetries: prod('withRetries'), withFallback: prod('withFallback') };
}

export interface RunMetrics {
  readonly runId: string;
  readonly latencyMs: number;
  /** Undefined when no model call of the run reported usage. */
  readonly tokens: number | undefined;
  readonly violations: number;
  /**
   * True for a run that recorded no spans: its latency (0) is no measurement, so it is neither
   * judged on latency nor part of a latency baseline.
   */
  readonly noLatency?: true;
  /**
   * Model calls of the run answered from a recorded trace: `all` (a replay: no new
   * observation; judged on nothing, and in no baseline) or `some` (a rerun from a step: its
   * tokens and violations are those of its live calls). Absent when none was.
   */
  readonly replay?: 'all' | 'some';
}

/**
 * A run's metrics: its wall-clock latency, and the tokens and contract violations of its
 * live model calls (those of replayed calls were recorded by the run they replay).
 */
export function runMetrics(model: TraceModel): RunMetrics {
  const t = computeTotals(model, {});
  const replay = replayOf(model);
  let tokens = t.tokens && t.tokens.input + t.tokens.output;
  let violations = t.violations;
  if (replay) {
    let liveTokens: number | undefined;
    violations = 0;
    for (const n of model.walk()) {
      // A violation recorded on an agent span (older traces) is replayed when all its calls are.
      if (!isReplayed(n)) for (const e of n.events) if (e.name === 'contract.violation') violations++;
      if (n.kind !== 'llm' || isReplayed(n)) continue;
      const used = tokensOf(n);
      if (used) liveTokens = (liveTokens ?? 0) + used.input + used.output;
    }
    tokens = liveTokens;
  }
  return {
    runId: model.run?.runId ?? '',
    latencyMs: t.wallMs ?? 0,
    tokens,
    violations,
    ...(t.wallMs === undefined ? { noLatency: true as const } : {}),
    ...(replay ? { replay } : {}),
  };
}

/** A run's value of a metric, undefined when it has none. */
function metricOf(r: RunMetrics, metric: 'latencyMs' | 'tokens' | 'violations'): number | undefined {
  return metric === 'latencyMs' && r.noLatency ? undefined : r[metric];
}

export interface AnomalyFinding {
  readonly metric: 'latencyMs' | 'tokens' | 'violations';
  readonly value: number;
  readonly median: number;
  /** Values inside [low, high] are normal. */
  readonly low: number;
  readonly high: number;
  readonly anomalous: boolean;
}

export const ANOMALY_MIN_BASELINE = 5;
export const ANOMALY_WINDOW = 20;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * The anomaly rule: against the last `ANOMALY_WINDOW` runs before it (at least
 * `ANOMALY_MIN_BASELINE`), a metric is anomalous when it lies outside median ± max(3 × the
 * scaled median absolute deviation, 50 % of the median, a floor: 1 violation, 100 tokens,
 * 250 ms). A metric the run lacks (tokens no call reported, latency of a run without spans)
 * is not judged, and its baseline is the runs that have it. Returns no findings when the baseline is too short.
 */
export function detectAnomalies(run: RunMetrics, baseline: readonly RunMetrics[]): AnomalyFinding[] {
  // A replayed run repeats a recorded one: it is not judged, nor part of any baseline.
  if (run.replay === 'all') return [];
  const recent = baseline.filter((r) => r.replay !== 'all').slice(-ANOMALY_WINDOW);
  const floors = { latencyMs: 250, tokens: 100, violations: 1 } as const;
  const findings: AnomalyFinding[] = [];
  for (const metric of ['latencyMs', 'tokens', 'violations'] as const) {
    const value = metricOf(run, metric);
    const xs = recent.map((r) => metricOf(r, metric)).filter((x) => x !== undefined);
    if (value === undefined || xs.length < ANOMALY_MIN_BASELINE) continue;
    const med = median(xs);
    const mad = median(xs.map((x) => Math.abs(x - med))) * 1.4826;
    const band = Math.max(3 * mad, 0.5 * Math.abs(med), floors[metric]);
    const low = Math.max(0, med - band);
    const high = med + band;
    findings.push({ metric, value, median: med, low, high, anomalous: value < low || value > high });
  }
  return findings;
}

const pct = (x: number): string => `${Math.round(x * 100)} %`;

/**
 * The workflow's reliability as a CodeLens title and tooltip: the compounded end-to-end
 * estimate with retries and fallbacks, and what each level buys.
 */
export function formatReliability(est: CompoundEstimate, runs: number): { title: string; tooltip: string } {
  const over = `over ${runs} run${runs === 1 ? '' : 's'}`;
  const unknown = est.unknown ?? [];
  const noData = unknown.length ? ` No recorded outcome for ${unknown.join(', ')} (its agent never ran), so it is left out and the estimate is at most this.` : '';
  if (unknown.length && est.factors.length === 0) {
    return { title: `reliability unknown ${over}`, tooltip: `No step of the workflow has a recorded outcome: ${unknown.join(', ')}.` };
  }
  return {
    title: `reliability ${unknown.length ? '≤ ' : ''}${pct(est.withFallback)} ${over}`,
    tooltip:
      `End-to-end estimate, the product over the workflow's steps of each step's success rate: ` +
      `${pct(est.firstTry)} on first tries, ${pct(est.withRetries)} with retries, ${pct(est.withFallback)} with retries and fallbacks.` +
      noData,
  };
}
