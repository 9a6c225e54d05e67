/**
 * What every part of a run shares: the program, the tracer, the cancellation signal, how
 * agents are bound to providers, the clock, and the checkpoint of a plan run.
 */
import type { Semaphore } from './semaphore';
import type { Program, ResolvedAgent } from '../model/program';
import type { ModelProvider } from '../providers/types';
import type { Tracer } from '../tracing/tracer';
import type { Checkpoint } from './checkpoint';
import type { Timing } from './timing';

/** The provider and model an agent's calls go to. */
export interface ModelBinding {
  readonly provider: ModelProvider;
  readonly model: string;
  readonly temperature?: number;
  readonly maxTokens?: number;
}

export interface EngineContext {
  readonly program: Program;
  readonly tracer: Tracer;
  readonly signal: AbortSignal;
  /**
   * The run's `concurrency`: graph steps that call an agent take a slot while they run, in
   * every graph of the run, nested ones too. A step that runs a workflow takes none (its
   * own steps do), so nesting never deadlocks and never multiplies the limit.
   */
  readonly stepSlots: Semaphore;
  readonly timing: Timing;
  readonly runId: string;
  bind(agent: ResolvedAgent): ModelBinding;
  /** Set for the run's root plan workflow: where its checkpoint goes, and what a resume read. */
  readonly checkpoint?: { readonly path: string; state: Checkpoint };
  /** Streamed text of model replies, for live views. */
  readonly onChunk?: (agent: string, text: string) => void;
  /**
   * With a time limit: true once it has passed, and then the run is stopped as its timer
   * would stop it. Checked before each agent call and attempt, because a run whose model
   * answers without yielding (scripted, replay) gives the timer no chance to fire.
   */
  readonly overDeadline?: () => boolean;
}

export function withSignal(ctx: EngineContext, signal: AbortSignal): EngineContext {
  return { ...ctx, signal, bind: ctx.bind };
}
