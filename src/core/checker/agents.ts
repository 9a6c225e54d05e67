/**
 * Checks of one agent: its model profile and contracts exist, its instructions read only
 * input fields, its fallback satisfies its output, its output suits strict structured
 * outputs, and its critic (reflect) accepts its output and answers what the engine expects.
 */
import { criticOutputSchema } from '../model/engineContracts';
import { isObject } from '../schema/navigate';
import { str, type CheckContext } from './context';
import { checkFallback } from './fallbacks';
import type { SymbolDef } from './fileModel';
import { checkHandoff } from './handoffs';
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
  checkTemplates(ctx, def, input, inRef !== undefined);
  checkFallback(ctx, def, output);
  if (output) checkStrict(ctx, output.schema, [...def.path, 'output'], `output contract ${output.name}@${output.version} of agent '${def.name}'`);
  const reflect = v.reflect;
  const criticName = isObject(reflect) ? str(reflect, 'critic') : undefined;
  if (criticName === undefined) return;
  const path = [...def.path, 'reflect', 'critic'];
  const criticDef = refName(ctx, 'agent', criticName, path);
  if (!criticDef) return;
  const critic = ctx.resolver.agent(criticName, ctx.file.path);
  const criticFile = ctx.resolver.fileOf(criticDef);
  if (output && critic?.input) {
    checkHandoff(ctx, {
      path,
      source: output.schema,
      target: critic.input.schema,
      what: `output of agent '${def.name}' (${output.name}@${output.version}) → input of critic '${criticName}' (${critic.input.name}@${critic.input.version})`,
      related: [{ range: criticFile.range(criticFile.offsets([...criticDef.path, 'input'])), message: `the input contract of critic '${criticName}'` }],
    });
  }
  if (critic?.output) {
    checkHandoff(ctx, {
      path,
      source: critic.output.schema,
      target: criticOutputSchema(),
      what: `critic '${criticName}' declares output ${critic.output.name}@${critic.output.version}, but a critic answers { approved: boolean, feedback: string }`,
      related: [{ range: criticFile.range(criticFile.offsets([...criticDef.path, 'output'])), message: `the output of critic '${criticName}'` }],
    });
  }
}
