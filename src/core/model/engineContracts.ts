/**
 * The output contracts the engine supplies to agents that answer the engine rather than
 * the next agent (definition format, "Contracts that the engine supplies"). Every key is
 * always present so that OpenAI's strict structured outputs can enforce them. The checker
 * uses the same schemas, so a worker's input is checked against what the router may send.
 * The contracts embedded in them keep their meaning: see SchemaComposer.
 */
import { SchemaComposer } from '../schema/bundle';
import type { JsonSchema } from './program';

export interface WorkerSignature {
  readonly name: string;
  /** The worker's input contract schema (an agent's input, or a sub-workflow's input). */
  readonly input: JsonSchema;
}

/** `{ next: worker | "FINISH", input: <worker input> | null, result: <workflow output> | null }` */
export function supervisorOutputSchema(workers: readonly WorkerSignature[], result: JsonSchema): JsonSchema {
  const c = new SchemaComposer();
  return c.finish({
    type: 'object',
    additionalProperties: false,
    required: ['next', 'input', 'result'],
    properties: {
      next: { type: 'string', enum: [...workers.map((w) => w.name), 'FINISH'] },
      input: { anyOf: [...workers.map((w) => c.embed(w.input, `${w.name}_input`)), { type: 'null' }] },
      result: { anyOf: [c.embed(result, 'result'), { type: 'null' }] },
    },
  });
}

/** `{ steps: [ { worker: <name>, input: <that worker's input> } ] }` */
export function plannerOutputSchema(workers: readonly WorkerSignature[]): JsonSchema {
  const c = new SchemaComposer();
  return c.finish({
    type: 'object',
    additionalProperties: false,
    required: ['steps'],
    properties: {
      steps: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['worker', 'input'],
          properties: {
            worker: { type: 'string', enum: workers.map((w) => w.name) },
            input: { anyOf: workers.map((w) => c.embed(w.input, `${w.name}_input`)) },
          },
        },
      },
    },
  });
}

/** `{ approved: boolean, feedback: string }` */
export function criticOutputSchema(): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['approved', 'feedback'],
    properties: { approved: { type: 'boolean' }, feedback: { type: 'string' } },
  };
}
