/** The handoff harness H(S, T) of the compatibility-checker review, checked as a whole program. */
import { programFrom } from '../../support/program';

const FILE = '/virtual/harness.agents.yaml';

export interface HarnessDiag {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
}

/** The harness's definition file: step `one` (agent a, In → S) then step `two` (agent b, T → In) taking `stepInput`. */
export function harnessYaml(S: unknown, T: unknown, stepInput = '$steps.one.output', In: unknown = { type: 'object' }): string {
  return `handoff: 1
contracts:
  In: { version: 1, schema: ${JSON.stringify(In)} }
  S: { version: 1, schema: ${JSON.stringify(S)} }
  T: { version: 1, schema: ${JSON.stringify(T)} }
agents:
  a: { input: In, output: S, instructions: x }
  b: { input: T, output: In, instructions: x }
workflows:
  w:
    input: In
    output: In
    steps:
      one: { agent: a, input: $input }
      two: { agent: b, input: ${stepInput} }
    result: $steps.two.output
`;
}

/** Diagnostics of step `two` (the handoff S → T), strict-output warnings and unused steps left out. */
export function harness(S: unknown, T: unknown, stepInput = '$steps.one.output', In: unknown = { type: 'object' }): HarnessDiag[] {
  return programFrom({ [FILE]: harnessYaml(S, T, stepInput, In) })
    .diagnostics.filter((d) => d.code !== 'strict-incompatible' && d.code !== 'unused-step')
    .map((d) => ({ code: String(d.code), severity: String(d.severity), message: d.message }));
}

/** The codes of the harness's diagnostics. */
export const codes = (...args: Parameters<typeof harness>): string[] => harness(...args).map((d) => d.code);
