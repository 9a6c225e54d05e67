/**
 * Checks of one agent: its model profile and contracts exist, its instructions read only
 * input fields, its fallback satisfies its output, its output suits strict structured
 * outputs, and its critic (reflect) accepts its output and answers what the engine expects.
 */
import { criticOutputSchema } from '../model/engineContracts';
import type { ResolvedContract } from '../model/program';
import { isObject } from '../schema/navigate';
import { str, type CheckContext } from './context';
import { checkFallback } from './fallbacks';
import type { SymbolDef } from './fileModel';
import { checkEngineAgent } from './engineAgents';
import { refContract, refName } from './references';
import { checkStrict } from './strict';
import { checkTemplates } from './templates';

export function checkAgent(ctx: CheckContext, def: SymbolDef): void {
  const v = def.value;
  const model = str(v, 'model');
  if (model !== undefined && model !== 'default') refName(ctx, 'model', model, [...def.path, 'model']);
  const inRef = str(v, 'input');
  const outRef = str(v, 'output');
  const input = inRef !== undefined ? refContract(ctx, inRef, [...def.path, 'input']) : undefined;
  const output = outRef !== undefined ? refContract(ctx, outRef, [...def.path, 'output']) : undefined;
  // An `input:` written but not a name (empty, a number) is a format error already: its placeholders are not reported again.
  if (inRef !== undefined || !Object.hasOwn(v, 'input')) checkTemplates(ctx, def, input, inRef !== undefined);
  checkFallback(ctx, def, output);
  if (output) checkStrict(ctx, output.schema, [...def.path, 'output'], `output contract ${output.name}@${output.version} of agent '${def.name}'`);
  const reflect = v.reflect;
  const criticName = isObject(reflect) ? str(reflect, 'critic') : undefined;
  if (criticName === undefined) return;
  const v2 = (c: ResolvedContract) => `${c.name}@${c.version}`;
  // A critic answers with a verdict; the engine would review that verdict with the critic's
  // own critic, whose input contract expects something else: the run would fail on it.
  const critic = ctx.resolver.agent(criticName, ctx.file.path);
  if (criticName === def.name) {
    ctx.out.push(ctx.file.diag([...def.path, 'reflect', 'critic'], 'format', `agent '${def.name}' cannot be its own critic: a critic answers with a verdict, and reviewing it would never end; choose another agent`));
  } else if (critic?.def.reflect !== undefined) {
    ctx.out.push(ctx.file.diag([...def.path, 'reflect', 'critic'], 'format', `critic '${criticName}' has a critic of its own (reflect): a critic answers with a verdict, which is not reviewed; remove reflect from '${criticName}', or choose another critic`));
  }
  checkEngineAgent(ctx, {
    path: [...def.path, 'reflect', 'critic'],
    name: criticName,
    inbound: output
      ? {
          source: output.schema,
          what: (input) => `output of agent '${def.name}' (${v2(output)}) → input of critic '${criticName}' (${v2(input)})`,
          relatedInput: `the input contract of critic '${criticName}'`,
        }
      : undefined,
    engine: {
      schema: criticOutputSchema(),
      what: (declared) => `critic '${criticName}' declares output ${v2(declared)}, but a critic answers { approved: boolean, feedback: string }`,
      relatedOutput: `the output of critic '${criticName}'`,
      contract: 'the critic contract the engine supplies, { approved: boolean, feedback: string }',
    },
  });
}
