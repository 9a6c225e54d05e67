/**
 * Whether a value fits a run target's input contract, for the input pickers. Its own module:
 * it compiles validators, which the extension loads on first use, not at activation.
 */
import type { Program } from '../model/program';
import { compileValidator } from '../schema/validator';
import type { InputCheck } from './inputs';

/**
 * The check of a target's input contract, for the pickers: undefined when the target is not
 * in the program or takes no input contract.
 */
export function inputCheck(program: Program, file: string, target: { readonly kind: 'workflow' | 'agent'; readonly name: string }): InputCheck | undefined {
  const contract = target.kind === 'workflow' ? program.workflow(target.name, file)?.input : program.agent(target.name, file)?.input;
  if (!contract) return undefined;
  const validate = compileValidator(contract.schema);
  const name = `${contract.name}@${contract.version}`;
  return (value) => {
    const first = validate(value).errors[0];
    return first ? { fits: false, text: `breaks ${name} at ${first.path || '/'}: ${first.message}` } : { fits: true, text: `fits ${name}` };
  };
}

