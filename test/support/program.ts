/** The engine tests' Program: the interim builder the CLI also uses until the checker lands. */
export { programFrom } from '../../src/cli/interimProgram';
