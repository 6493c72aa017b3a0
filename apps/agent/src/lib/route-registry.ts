// Every API route module, by the path it serves. The OpenAPI document is collected from these
// modules' own declarations; route-modules.test.ts fails when a route file is missing here or a
// path does not match its file.
import type { RouteHandler } from "./api";
import * as activityHealthRoute from "@/app/api/activity/health/route";
import * as activityRoute from "@/app/api/activity/route";
import * as activityStreamRoute from "@/app/api/activity/stream/route";
import * as adminAiRuntimeEventsRoute from "@/app/api/admin/ai/runtime/events/route";
import * as adminAiRuntimeStatusRoute from "@/app/api/admin/ai/runtime/status/route";
import * as adminAiRuntimeTasksRoute from "@/app/api/admin/ai/runtime/tasks/route";
import * as alertsChannelsIdRoute from "@/app/api/alerts/channels/[id]/route";
import * as alertsChannelsIdTestRoute from "@/app/api/alerts/channels/[id]/test/route";
import * as alertsChannelsRoute from "@/app/api/alerts/channels/route";
import * as alertsIncidentsIdResolveRoute from "@/app/api/alerts/incidents/[id]/resolve/route";
import * as alertsIncidentsRoute from "@/app/api/alerts/incidents/route";
import * as alertsRulesIdRoute from "@/app/api/alerts/rules/[id]/route";
import * as alertsRulesRoute from "@/app/api/alerts/rules/route";
import * as agentsSlugExecutionTriggersTriggerIdExecuteRoute from "@/app/api/agents/[slug]/execution-triggers/[triggerId]/execute/route";
import * as agentsSlugExecutionTriggersTriggerIdRoute from "@/app/api/agents/[slug]/execution-triggers/[triggerId]/route";
import * as agentsSlugExecutionTriggersTriggerIdTestRoute from "@/app/api/agents/[slug]/execution-triggers/[triggerId]/test/route";
import * as agentsSlugExecutionTriggersRoute from "@/app/api/agents/[slug]/execution-triggers/route";
import * as agentsSlugRoute from "@/app/api/agents/[slug]/route";
import * as agentsSlugVersionsRoute from "@/app/api/agents/[slug]/versions/route";
import * as agentsRoute from "@/app/api/agents/route";
import * as apiKeysIdRevokeRoute from "@/app/api/api-keys/[id]/revoke/route";
import * as apiKeysIdRotateRoute from "@/app/api/api-keys/[id]/rotate/route";
import * as apiKeysRoute from "@/app/api/api-keys/route";
import * as auditRoute from "@/app/api/audit/route";
import * as authAllRoute from "@/app/api/auth/[...all]/route";
import * as campaignTemplatesSlugExecutionTriggersTriggerIdRoute from "@/app/api/campaign-templates/[slug]/execution-triggers/[triggerId]/route";
import * as campaignTemplatesSlugExecutionTriggersRoute from "@/app/api/campaign-templates/[slug]/execution-triggers/route";
import * as campaignTemplatesSlugRoute from "@/app/api/campaign-templates/[slug]/route";
import * as campaignTemplatesRoute from "@/app/api/campaign-templates/route";
import * as campaignsIdRoute from "@/app/api/campaigns/[id]/route";
import * as campaignsRoute from "@/app/api/campaigns/route";
import * as controlRoute from "@/app/api/control/route";
import * as godmodeCampaignChainRoute from "@/app/api/godmode/campaign-chain/route";
import * as godmodeTraceChainRoute from "@/app/api/godmode/trace-chain/route";
import * as inngestRoute from "@/app/api/inngest/route";
import * as invitationsIdRoute from "@/app/api/invitations/[id]/route";
import * as invitationsRoute from "@/app/api/invitations/route";
import * as inviteTokenAcceptRoute from "@/app/api/invite/[token]/accept/route";
import * as inviteTokenRoute from "@/app/api/invite/[token]/route";
import * as liveAutomationsIdRoute from "@/app/api/live/automations/[id]/route";
import * as liveAutomationsCalendarRoute from "@/app/api/live/automations/calendar/route";
import * as liveAutomationsDensityRoute from "@/app/api/live/automations/density/route";
import * as liveAutomationsDependenciesIdRoute from "@/app/api/live/automations/dependencies/[id]/route";
import * as liveAutomationsDependenciesRoute from "@/app/api/live/automations/dependencies/route";
import * as liveAutomationsRoute from "@/app/api/live/automations/route";
import * as liveFiltersRoute from "@/app/api/live/filters/route";
import * as liveMetricsRoute from "@/app/api/live/metrics/route";
import * as liveRunsRoute from "@/app/api/live/runs/route";
import * as liveTriggersRoute from "@/app/api/live/triggers/route";
import * as membersIdRoute from "@/app/api/members/[id]/route";
import * as membersRoute from "@/app/api/members/route";
import * as metricsRoute from "@/app/api/metrics/route";
import * as modelProvidersIdModelsRoute from "@/app/api/model-providers/[id]/models/route";
import * as modelProvidersIdRoute from "@/app/api/model-providers/[id]/route";
import * as modelProvidersIdTestRoute from "@/app/api/model-providers/[id]/test/route";
import * as modelProvidersRoute from "@/app/api/model-providers/route";
import * as networksSlugExecutionTriggersTriggerIdExecuteRoute from "@/app/api/networks/[slug]/execution-triggers/[triggerId]/execute/route";
import * as networksSlugExecutionTriggersTriggerIdRoute from "@/app/api/networks/[slug]/execution-triggers/[triggerId]/route";
import * as networksSlugExecutionTriggersTriggerIdTestRoute from "@/app/api/networks/[slug]/execution-triggers/[triggerId]/test/route";
import * as networksSlugExecutionTriggersRoute from "@/app/api/networks/[slug]/execution-triggers/route";
import * as networksSlugRoute from "@/app/api/networks/[slug]/route";
import * as networksRoute from "@/app/api/networks/route";
import * as openapiJsonRoute from "@/app/api/openapi.json/route";
import * as organizationBudgetRoute from "@/app/api/organization/budget/route";
import * as organizationRetentionRoute from "@/app/api/organization/retention/route";
import * as organizationRoute from "@/app/api/organization/route";
import * as organizationsRoute from "@/app/api/organizations/route";
import * as pulsesSlugRoute from "@/app/api/pulses/[slug]/route";
import * as pulsesRoute from "@/app/api/pulses/route";
import * as reviewsIdDiffRoute from "@/app/api/reviews/[id]/diff/route";
import * as reviewsMetricsRoute from "@/app/api/reviews/metrics/route";
import * as reviewsRoute from "@/app/api/reviews/route";
import * as runnerClaimRoute from "@/app/api/runner/claim/route";
import * as runnerRunsIdArtifactsRoute from "@/app/api/runner/runs/[id]/artifacts/route";
import * as runnerRunsIdCompleteRoute from "@/app/api/runner/runs/[id]/complete/route";
import * as runnerRunsIdEventsRoute from "@/app/api/runner/runs/[id]/events/route";
import * as runnerRunsIdFailRoute from "@/app/api/runner/runs/[id]/fail/route";
import * as runnerRunsIdHeartbeatRoute from "@/app/api/runner/runs/[id]/heartbeat/route";
import * as runsKindIdCancelRoute from "@/app/api/runs/[kind]/[id]/cancel/route";
import * as runsKindIdFeedbackRoute from "@/app/api/runs/[kind]/[id]/feedback/route";
import * as runsKindIdRetryRoute from "@/app/api/runs/[kind]/[id]/retry/route";
import * as runsKindIdRoute from "@/app/api/runs/[kind]/[id]/route";
import * as runsBulkRoute from "@/app/api/runs/bulk/route";
import * as runsRoute from "@/app/api/runs/route";
import * as runsStartFormRoute from "@/app/api/runs/start-form/route";
import * as schedulesBulkRoute from "@/app/api/schedules/bulk/route";
import * as schedulesIdRoute from "@/app/api/schedules/[id]/route";
import * as schedulesPreviewRoute from "@/app/api/schedules/preview/route";
import * as schedulesRoute from "@/app/api/schedules/route";
import * as sessionOrganizationRoute from "@/app/api/session/organization/route";
import * as setupRoute from "@/app/api/setup/route";
import * as triggersEventRoute from "@/app/api/triggers/event/route";
import * as webhooksPathRoute from "@/app/api/webhooks/[path]/route";
import * as workflowsSlugExecutionTriggersTriggerIdExecuteRoute from "@/app/api/workflows/[slug]/execution-triggers/[triggerId]/execute/route";
import * as workflowsSlugExecutionTriggersTriggerIdRoute from "@/app/api/workflows/[slug]/execution-triggers/[triggerId]/route";
import * as workflowsSlugExecutionTriggersTriggerIdTestRoute from "@/app/api/workflows/[slug]/execution-triggers/[triggerId]/test/route";
import * as workflowsSlugExecutionTriggersRoute from "@/app/api/workflows/[slug]/execution-triggers/route";
import * as workflowsSlugRoute from "@/app/api/workflows/[slug]/route";
import * as workflowsSlugVersionsVersionRoute from "@/app/api/workflows/[slug]/versions/[version]/route";
import * as workflowsSlugVersionsRoute from "@/app/api/workflows/[slug]/versions/route";
import * as workflowsValidateRoute from "@/app/api/workflows/validate/route";
import * as workflowsRoute from "@/app/api/workflows/route";

export type RouteModule = Record<string, RouteHandler | undefined>;

export const API_ROUTES: Record<string, RouteModule> = {
  "/api/activity/health": activityHealthRoute,
  "/api/activity": activityRoute,
  "/api/activity/stream": activityStreamRoute,
  "/api/admin/ai/runtime/events": adminAiRuntimeEventsRoute,
  "/api/admin/ai/runtime/status": adminAiRuntimeStatusRoute,
  "/api/admin/ai/runtime/tasks": adminAiRuntimeTasksRoute,
  "/api/alerts/channels/{id}": alertsChannelsIdRoute,
  "/api/alerts/channels/{id}/test": alertsChannelsIdTestRoute,
  "/api/alerts/channels": alertsChannelsRoute,
  "/api/alerts/incidents/{id}/resolve": alertsIncidentsIdResolveRoute,
  "/api/alerts/incidents": alertsIncidentsRoute,
  "/api/alerts/rules/{id}": alertsRulesIdRoute,
  "/api/alerts/rules": alertsRulesRoute,
  "/api/agents/{slug}/execution-triggers/{triggerId}/execute": agentsSlugExecutionTriggersTriggerIdExecuteRoute,
  "/api/agents/{slug}/execution-triggers/{triggerId}": agentsSlugExecutionTriggersTriggerIdRoute,
  "/api/agents/{slug}/execution-triggers/{triggerId}/test": agentsSlugExecutionTriggersTriggerIdTestRoute,
  "/api/agents/{slug}/execution-triggers": agentsSlugExecutionTriggersRoute,
  "/api/agents/{slug}": agentsSlugRoute,
  "/api/agents/{slug}/versions": agentsSlugVersionsRoute,
  "/api/agents": agentsRoute,
  "/api/api-keys/{id}/revoke": apiKeysIdRevokeRoute,
  "/api/api-keys/{id}/rotate": apiKeysIdRotateRoute,
  "/api/api-keys": apiKeysRoute,
  "/api/audit": auditRoute,
  "/api/auth/{all}": authAllRoute,
  "/api/campaign-templates/{slug}/execution-triggers/{triggerId}": campaignTemplatesSlugExecutionTriggersTriggerIdRoute,
  "/api/campaign-templates/{slug}/execution-triggers": campaignTemplatesSlugExecutionTriggersRoute,
  "/api/campaign-templates/{slug}": campaignTemplatesSlugRoute,
  "/api/campaign-templates": campaignTemplatesRoute,
  "/api/campaigns/{id}": campaignsIdRoute,
  "/api/campaigns": campaignsRoute,
  "/api/control": controlRoute,
  "/api/godmode/campaign-chain": godmodeCampaignChainRoute,
  "/api/godmode/trace-chain": godmodeTraceChainRoute,
  "/api/inngest": inngestRoute,
  "/api/invitations/{id}": invitationsIdRoute,
  "/api/invitations": invitationsRoute,
  "/api/invite/{token}/accept": inviteTokenAcceptRoute,
  "/api/invite/{token}": inviteTokenRoute,
  "/api/live/automations/{id}": liveAutomationsIdRoute,
  "/api/live/automations/calendar": liveAutomationsCalendarRoute,
  "/api/live/automations/density": liveAutomationsDensityRoute,
  "/api/live/automations/dependencies/{id}": liveAutomationsDependenciesIdRoute,
  "/api/live/automations/dependencies": liveAutomationsDependenciesRoute,
  "/api/live/automations": liveAutomationsRoute,
  "/api/live/filters": liveFiltersRoute,
  "/api/live/metrics": liveMetricsRoute,
  "/api/live/runs": liveRunsRoute,
  "/api/live/triggers": liveTriggersRoute,
  "/api/metrics": metricsRoute,
  "/api/members/{id}": membersIdRoute,
  "/api/members": membersRoute,
  "/api/model-providers/{id}/models": modelProvidersIdModelsRoute,
  "/api/model-providers/{id}/test": modelProvidersIdTestRoute,
  "/api/model-providers/{id}": modelProvidersIdRoute,
  "/api/model-providers": modelProvidersRoute,
  "/api/networks/{slug}/execution-triggers/{triggerId}/execute": networksSlugExecutionTriggersTriggerIdExecuteRoute,
  "/api/networks/{slug}/execution-triggers/{triggerId}": networksSlugExecutionTriggersTriggerIdRoute,
  "/api/networks/{slug}/execution-triggers/{triggerId}/test": networksSlugExecutionTriggersTriggerIdTestRoute,
  "/api/networks/{slug}/execution-triggers": networksSlugExecutionTriggersRoute,
  "/api/networks/{slug}": networksSlugRoute,
  "/api/networks": networksRoute,
  "/api/openapi.json": openapiJsonRoute,
  "/api/organization/budget": organizationBudgetRoute,
  "/api/organization/retention": organizationRetentionRoute,
  "/api/organization": organizationRoute,
  "/api/organizations": organizationsRoute,
  "/api/pulses/{slug}": pulsesSlugRoute,
  "/api/pulses": pulsesRoute,
  "/api/reviews/{id}/diff": reviewsIdDiffRoute,
  "/api/reviews/metrics": reviewsMetricsRoute,
  "/api/reviews": reviewsRoute,
  "/api/runner/claim": runnerClaimRoute,
  "/api/runner/runs/{id}/artifacts": runnerRunsIdArtifactsRoute,
  "/api/runner/runs/{id}/complete": runnerRunsIdCompleteRoute,
  "/api/runner/runs/{id}/events": runnerRunsIdEventsRoute,
  "/api/runner/runs/{id}/fail": runnerRunsIdFailRoute,
  "/api/runner/runs/{id}/heartbeat": runnerRunsIdHeartbeatRoute,
  "/api/runs/{kind}/{id}/cancel": runsKindIdCancelRoute,
  "/api/runs/{kind}/{id}/feedback": runsKindIdFeedbackRoute,
  "/api/runs/{kind}/{id}/retry": runsKindIdRetryRoute,
  "/api/runs/{kind}/{id}": runsKindIdRoute,
  "/api/runs/bulk": runsBulkRoute,
  "/api/runs": runsRoute,
  "/api/runs/start-form": runsStartFormRoute,
  "/api/schedules/bulk": schedulesBulkRoute,
  "/api/schedules/{id}": schedulesIdRoute,
  "/api/schedules/preview": schedulesPreviewRoute,
  "/api/schedules": schedulesRoute,
  "/api/session/organization": sessionOrganizationRoute,
  "/api/setup": setupRoute,
  "/api/triggers/event": triggersEventRoute,
  "/api/webhooks/{path}": webhooksPathRoute,
  "/api/workflows/{slug}/execution-triggers/{triggerId}/execute": workflowsSlugExecutionTriggersTriggerIdExecuteRoute,
  "/api/workflows/{slug}/execution-triggers/{triggerId}": workflowsSlugExecutionTriggersTriggerIdRoute,
  "/api/workflows/{slug}/execution-triggers/{triggerId}/test": workflowsSlugExecutionTriggersTriggerIdTestRoute,
  "/api/workflows/{slug}/execution-triggers": workflowsSlugExecutionTriggersRoute,
  "/api/workflows/{slug}": workflowsSlugRoute,
  "/api/workflows/{slug}/versions": workflowsSlugVersionsRoute,
  "/api/workflows/{slug}/versions/{version}": workflowsSlugVersionsVersionRoute,
  "/api/workflows/validate": workflowsValidateRoute,
  "/api/workflows": workflowsRoute,
};
