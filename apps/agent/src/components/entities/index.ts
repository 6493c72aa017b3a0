export { EntityAutomations } from "./entity-automations";
export { EntityRecentRuns } from "./entity-recent-runs";
export { StartRunButton } from "./start-run";
