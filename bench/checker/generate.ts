/**
 * Generates a realistic workspace for the checker benchmark: 300 contracts (10 files), 200
 * agents (10 files) and 50 workflows (10 files), about 10,000 lines, that checks without errors.
 */

export interface GeneratedFile {
  path: string;
  text: string;
}

const C = 300;
const A = 200;
const W = 50;

function contract(i: number): string {
  const base = i % 30 === 0 ? '' : `\n        base: { $ref: "#/contracts/C${i - (i % 30)}" }`;
  return `  C${i}:
    version: 2
    description: Contract number ${i} of the benchmark workspace.
    schema:
      type: object
      required: [id, title, score, status]
      additionalProperties: false
      properties:
        id: { type: string, minLength: 1, maxLength: 64 }
        title: { type: string, maxLength: 200 }
        score: { type: integer, minimum: 0, maximum: 100 }
        status: { enum: [open, pending, closed] }
        tags:
          type: array
          items: { type: string }
          maxItems: 10
        meta:
          type: object
          additionalProperties: false
          properties:
            source: { type: string }
            weight: { type: number, minimum: 0 }${base}
    previous:
      1:
        schema: { type: object, required: [id], properties: { id: { type: string } } }
`;
}

function agent(i: number): string {
  return `  a${i}:
    input: C${i}
    output: C${i + 1}
    instructions: |
      Work on item {{id}} titled {{title}} with score {{score}}.
    retries: 1
    timeout: 30s
    fallback: { id: none, title: none, score: 0, status: open }
`;
}

function workflow(i: number): string {
  const first = (i * 4) % (A - 5);
  const chain = [0, 1, 2, 3]
    .map((k) => {
      const input = k === 0 ? '$input' : `$steps.s${k - 1}.output`;
      return `      s${k}:
        agent: a${first + k}
        input: ${input}`;
    })
    .join('\n');
  // A conditional side step (its output may be null, so nothing downstream reads it).
  const steps = `${chain}
      audit:
        agent: a${first + 4}
        when: $steps.s1.output.score >= 50 and $steps.s1.output.status in ["open", "pending"]
        input: $steps.s3.output`;
  return `  w${i}:
    description: Workflow ${i}.
    input: C${first}
    output: C${first + 4}
    steps:
${steps}
    result: $steps.s3.output
`;
}

export function generateWorkspace(dir: string): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  for (let f = 0; f < 10; f++) {
    const body = Array.from({ length: C / 10 }, (_, k) => contract(f * 30 + k)).join('');
    files.push({ path: `${dir}/contracts${f}.agents.yaml`, text: `handoff: 1\ncontracts:\n${body}` });
  }
  const contractImports = Array.from({ length: 10 }, (_, f) => `./contracts${f}.agents.yaml`).join(', ');
  for (let f = 0; f < 10; f++) {
    const body = Array.from({ length: A / 10 }, (_, k) => agent(f * 20 + k)).join('');
    files.push({ path: `${dir}/agents${f}.agents.yaml`, text: `handoff: 1\nimports: [${contractImports}]\nagents:\n${body}` });
  }
  const agentImports = Array.from({ length: 10 }, (_, f) => `./agents${f}.agents.yaml`).join(', ');
  for (let f = 0; f < 10; f++) {
    const body = Array.from({ length: W / 10 }, (_, k) => workflow(f * 5 + k)).join('');
    files.push({ path: `${dir}/workflows${f}.agents.yaml`, text: `handoff: 1\nimports: [${agentImports}]\nworkflows:\n${body}` });
  }
  return files;
}
