/**
 * A synthetic workspace of definition files for the editor benchmark: a shared file of
 * contracts and models, imported by files that each hold contracts, agents and a graph
 * workflow whose steps hand off to one another through flow and block mappings.
 */

export interface SynthFile {
  readonly path: string;
  readonly text: string;
}

function contract(name: string, fields: number, strict: boolean): string {
  const props = Array.from({ length: fields }, (_, j) =>
    j % 3 === 0 ? `        f${j}: { type: string, maxLength: 200 }` : j % 3 === 1 ? `        f${j}: { type: integer, minimum: 0, maximum: 100 }` : `        f${j}: { enum: [low, mid, high] }`,
  );
  return [
    `  ${name}:`,
    '    version: 1',
    `    description: Synthetic contract ${name}.`,
    '    schema:',
    '      type: object',
    `      required: [${Array.from({ length: fields }, (_, j) => `f${j}`).join(', ')}]`,
    ...(strict ? ['      additionalProperties: false'] : []),
    '      properties:',
    ...props,
  ].join('\n');
}

export function synthFile(dir: string, i: number, steps: number): SynthFile {
  const lines: string[] = ['handoff: 1', `description: Synthetic file ${i}.`, 'imports: [./shared.agents.yaml]', '', 'contracts:'];
  for (let k = 0; k < steps; k++) lines.push(contract(`C${i}_${k}`, 6, true), '');
  lines.push('agents:');
  for (let k = 0; k < steps; k++) {
    lines.push(
      `  a${i}_${k}:`,
      `    description: Step ${k} of file ${i}.`,
      '    model: fast',
      `    input: ${k === 0 ? 'Shared' : `C${i}_${k - 1}`}`,
      `    output: C${i}_${k}`,
      '    instructions: |',
      `      Work on {{${k === 0 ? 'id' : 'f0'}}} and answer with the next contract.`,
      '    retries: 1',
      '',
    );
  }
  lines.push('workflows:', `  w${i}:`, '    input: Shared', `    output: C${i}_${steps - 1}`, '    steps:');
  for (let k = 0; k < steps; k++) {
    lines.push(`      s${k}:`, `        agent: a${i}_${k}`);
    if (k === 0) lines.push('        input: $input');
    else if (k % 2 === 0) lines.push(`        input: $steps.s${k - 1}.output`);
    else {
      lines.push('        input:');
      for (let j = 0; j < 6; j++) lines.push(`          f${j}: $steps.s${k - 1}.output.f${j}`);
    }
    if (k > 1) lines.push(`        when: $steps.s${k - 1}.output.f2 != "low"`);
  }
  lines.push(`    result: $steps.s${steps - 1}.output`, '');
  return { path: `${dir}/file${String(i).padStart(3, '0')}.agents.yaml`, text: lines.join('\n') };
}

export function sharedFile(dir: string): SynthFile {
  const text = [
    'handoff: 1',
    'models:',
    '  fast: { model: gpt-4.1-mini, temperature: 0 }',
    'contracts:',
    '  Shared:',
    '    version: 1',
    '    schema:',
    '      type: object',
    '      required: [id, body]',
    '      additionalProperties: false',
    '      properties:',
    '        id: { type: string }',
    '        body: { type: string, maxLength: 4000 }',
    '',
  ].join('\n');
  return { path: `${dir}/shared.agents.yaml`, text };
}

/** Files until the workspace holds at least `lines` lines. */
export function synthWorkspace(dir: string, lines: number, steps = 10): SynthFile[] {
  const files = [sharedFile(dir)];
  let total = files[0]!.text.split('\n').length;
  for (let i = 0; total < lines; i++) {
    const f = synthFile(dir, i, steps);
    files.push(f);
    total += f.text.split('\n').length;
  }
  return files;
}
