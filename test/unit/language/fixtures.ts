/** Two small definition files that import one another's names, for the language tests. */
export const COMMON = '/ws/common.agents.yaml';
export const MAIN = '/ws/main.agents.yaml';

export const commonText = `handoff: 1
models:
  fast: { model: gpt-4.1-mini }
contracts:
  Claim:
    version: 1
    schema:
      type: object
      required: [id, amount]
      properties:
        id: { type: string }
        amount: { type: number }
`;

export const mainText = `handoff: 1
imports: [./common.agents.yaml]
contracts:
  Assessment:
    version: 2
    schema:
      type: object
      required: [verdict, payout]
      additionalProperties: false
      properties:
        verdict: { enum: [pay, deny] }
        payout: { type: number }
        claim: { $ref: "#/contracts/Claim" }
    previous:
      1:
        schema: { type: object, properties: { verdict: { type: string } } }
agents:
  assessor:
    model: fast
    input: Claim
    output: Assessment@2
    retries: 2
    fallback: { verdict: deny, payout: 0 }
  payer:
    input: Assessment
    output: Claim
workflows:
  claims:
    input: Claim
    output: Claim
    steps:
      assess:
        agent: assessor
        input: $input
      pay:
        agent: payer
        when: $steps.assess.output.verdict == "pay"
        input: $steps.assess.output
        after: [assess]
    result: $steps.pay.output
`;

/** The offset of the n-th (0-based) occurrence of a needle, plus a shift into it. */
export function at(text: string, needle: string, shift = 0, nth = 0): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`not found: ${needle}`);
  }
  return i + shift;
}
