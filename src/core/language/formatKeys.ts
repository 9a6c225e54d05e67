/**
 * The keys of the definition format by place, with a line of documentation each, and the
 * JSON Schema keywords offered inside `schema:`. Keys come from the zod model (the single
 * source of truth for the format), so a key added there is offered here.
 */
import { Agent, Contract, DefinitionFile, GraphStep, GraphWorkflow, ModelProfile, PlanWorkflow, PreviousVersion, Reflect, SupervisorWorkflow } from '../model/definition';

const DOCS: Record<string, string> = {
  handoff: 'Format version (required): 1',
  imports: 'Other definition files whose names become visible here',
  models: 'Named model profiles',
  contracts: 'Named, versioned JSON Schemas',
  agents: 'Agents: a model, an input and an output contract, instructions',
  workflows: 'Workflows that connect agents',
  version: 'The current version of this contract',
  schema: 'A JSON Schema (draft 2020-12)',
  previous: 'Earlier versions, still usable as Name@version',
  model: 'A model profile name (default: `default`)',
  input: 'Contract name, or Name@version to pin one',
  output: 'Contract name, or Name@version to pin one',
  instructions: 'The prompt; {{path}} reads the input',
  retries: 'Extra attempts after a provider error or a contract violation',
  timeout: 'e.g. 30s',
  fallback: 'Used when attempts run out; must satisfy `output`',
  reflect: 'A critique loop by another agent',
  pattern: 'graph (default), supervisor or plan',
  steps: 'The steps of a graph workflow',
  result: 'What the workflow returns, e.g. $steps.answer.output',
  supervisor: 'The router agent that picks the next worker',
  planner: 'The agent that plans the steps up front',
  workers: 'Agents or workflows the supervisor or planner can call',
  agent: 'The agent this step calls',
  workflow: 'The workflow this step calls',
  when: 'A condition: the step runs only when it holds',
  after: 'Steps that must finish first (ordering without data)',
};

function keysOf(shape: object): string[] {
  return Object.keys(shape);
}

/** The format keys allowed in the mapping at a path (relative to the document root); undefined when the path is not a format mapping. */
export function formatKeysAt(path: readonly string[], pattern?: string): string[] | undefined {
  const [section, , sub] = path;
  if (path.length === 0) return keysOf(DefinitionFile.shape);
  if (path.length === 2 && section === 'models') return keysOf(ModelProfile.shape);
  if (path.length === 2 && section === 'contracts') return keysOf(Contract.shape);
  if (path.length === 4 && section === 'contracts' && sub === 'previous') return keysOf(PreviousVersion.shape);
  if (path.length === 2 && section === 'agents') return keysOf(Agent.shape);
  if (path.length === 3 && section === 'agents' && sub === 'reflect') return keysOf(Reflect.shape);
  if (path.length === 2 && section === 'workflows') {
    const shapes = pattern === 'supervisor' ? [SupervisorWorkflow] : pattern === 'plan' ? [PlanWorkflow] : pattern === 'graph' ? [GraphWorkflow] : [GraphWorkflow, SupervisorWorkflow, PlanWorkflow];
    return [...new Set(shapes.flatMap((s) => keysOf(s.shape)))];
  }
  if (path.length === 4 && section === 'workflows' && sub === 'steps') return keysOf(GraphStep.shape);
  return undefined;
}

export function keyDoc(key: string): string | undefined {
  return DOCS[key];
}

export const SCHEMA_KEYWORDS = [
  'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'anyOf', 'oneOf', 'allOf', 'not',
  'description', 'title', 'default', 'examples', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minLength', 'maxLength', 'pattern', 'format', 'minItems', 'maxItems', 'uniqueItems', 'prefixItems', 'contains',
  'minProperties', 'maxProperties', 'patternProperties', 'propertyNames', '$ref', '$defs',
];
export const JSON_TYPES = ['object', 'string', 'number', 'integer', 'boolean', 'array', 'null'];
export const STRING_FORMATS = ['date-time', 'date', 'time', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uri', 'uuid', 'regex'];
export const PROVIDERS = ['openai', 'scripted', 'vscode-lm'];
export const PATTERNS = ['graph', 'supervisor', 'plan'];

/** Whether a path is inside a contract's schema, and where: at a schema (keywords) or at a property-name level (free names). */
export function schemaPlace(path: readonly string[]): 'schema' | 'names' | undefined {
  let i: number;
  if (path[0] === 'contracts' && path[2] === 'schema') i = 3;
  else if (path[0] === 'contracts' && path[2] === 'previous' && path[4] === 'schema') i = 5;
  else return undefined;
  let place: 'schema' | 'names' = 'schema';
  for (; i < path.length; i++) {
    const seg = path[i] as string;
    if (place === 'names') place = 'schema';
    else if (['properties', '$defs', 'patternProperties', 'dependentSchemas'].includes(seg)) place = 'names';
    else if (['items', 'not', 'additionalProperties', 'contains', 'propertyNames'].includes(seg)) place = 'schema';
    else if (['anyOf', 'oneOf', 'allOf', 'prefixItems'].includes(seg)) place = 'schema';
    else return undefined;
  }
  return place;
}
