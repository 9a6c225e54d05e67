/** Typed command ids: every command the manifest contributes, in one place. */
export const Commands = {
  runWorkflow: 'handoff.runWorkflow',
  runAgent: 'handoff.runAgent',
  checkWorkspace: 'handoff.checkWorkspace',
  openTrace: 'handoff.openTrace',
  replayRun: 'handoff.replayRun',
  deleteRun: 'handoff.deleteRun',
  showTracePanel: 'handoff.showTracePanel',
  setApiKey: 'handoff.setApiKey',
  refreshWorkflows: 'handoff.refreshWorkflows',
  revealDefinition: 'handoff.revealDefinition',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];
