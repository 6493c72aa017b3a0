/** The workflow primitive: definitions, validation, the runtime and its engine handlers. */
export {
  importWorkflowYaml,
  parseWorkflowDefinition,
  STEP_TYPES,
  BUILT_IN_TOOLS,
  type Problem,
  type WorkflowDefinition,
  type WorkflowNode,
} from "./definition.ts";
export { checkWorkflowDefinition, validateWorkflowDefinition, type ValidationResult } from "./validate.ts";
export { resolveTemplates, renderTemplate, evaluateExpression, type TemplateScope } from "./templates.ts";
export { buildEngagementContext, type EngagementContext } from "./engagement.ts";
export {
  applyWorkflowDecision,
  executeWorkflowRun,
  runWorkflowBatch,
  startWorkflowFire,
  startWorkflowRun,
  type BatchResult,
  type WorkflowRunRef,
  type WorkflowRunRequest,
  type WorkflowRuntimeOptions,
} from "./runtime.ts";
export { createWorkflowHandlers } from "./handlers.ts";
export {
  createWorkflow,
  deleteWorkflow,
  getWorkflow,
  getWorkflowRun,
  getWorkflowVersion,
  listWorkflows,
  listWorkflowVersions,
  updateWorkflow,
  validateWorkflowDraft,
  type CreateWorkflowInput,
  type UpdateWorkflowInput,
} from "./service.ts";
export { parseTriggerBlock, type TriggerBlock } from "./trigger-block.ts";
