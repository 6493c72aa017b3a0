import { CampaignChainQuery, CausalNodeSchema, TraceChainQuery } from "@switchyard/core/activity/chains";
import { ActivityStreamQuery, ListActivityQuery } from "@switchyard/core/activity/feed";
import { ListRuntimeEventsQuery, ListRuntimeTasksQuery } from "@switchyard/core/admin/runtime";
import { DecisionBody } from "@switchyard/core/approvals";
import { CreateCampaignBody } from "@switchyard/core/campaigns/service";
import { ListReviewsQuery, ReviewMetricsResponse } from "@switchyard/core/reviews/service";
import { ListRunsQuery } from "@switchyard/core/runs/unified";
import { CreateApiKeyBody, RotateApiKeyBody } from "@switchyard/core/tenancy/api-keys";
import { ListAuditQuery } from "@switchyard/core/tenancy/audit";
import { AcceptInvitationBody, CreateInvitationBody } from "@switchyard/core/tenancy/invitations";
import { UpdateMemberBody } from "@switchyard/core/tenancy/members";
import { RenameOrganizationBody, SetupBody, SwitchOrganizationBody } from "@switchyard/core/tenancy/organizations";
import { EmitEventBody } from "@switchyard/core/triggers/events";
import { CreateTriggerBody, FireTriggerBody, UpdateTriggerBody } from "@switchyard/core/triggers/service";
import { z } from "zod";
import { CalendarQuery, CreateDependencyBody, DensityQuery, ListAutomationsQuery, UpdateAutomationBody } from "@/app/api/live/automations/schema";
import { RunMetricsQuery } from "@/app/api/live/metrics/schema";
import { ListTriggerEventsQuery } from "@/app/api/live/triggers/schema";
import { RunFeedbackBody } from "@/app/api/runs/[kind]/[id]/schema";
import { CreateWorkflowBody } from "@/app/api/workflows/schema";

type Method = "get" | "post" | "put" | "patch" | "delete";

/** One route as the API document describes it: the same zod schemas its handler parses with. */
export interface RouteDoc {
  method: Method;
  /** OpenAPI path template: `{name}` for a path parameter. */
  path: string;
  summary: string;
  tag: string;
  /** "apiKey" (API key or session, the default), "hmac" for signed webhooks, "none" for public routes. */
  auth?: "apiKey" | "hmac" | "none";
  role?: "OPERATOR" | "ADMIN";
  query?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
  /** Success status (200 unless said). */
  status?: number;
  /** A non-JSON success body, e.g. `text/event-stream`. */
  contentType?: string;
}

const ErrorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().nullable() }),
});

const triggerRoutes = (entity: "agents" | "workflows" | "networks"): RouteDoc[] => {
  const base = `/api/${entity}/{slug}/execution-triggers`;
  const tag = "Execution triggers";
  return [
    { method: "get", path: base, summary: `List a ${entity.slice(0, -1)}'s triggers`, tag },
    { method: "post", path: base, summary: "Create a trigger", tag, body: CreateTriggerBody, status: 201 },
    { method: "get", path: `${base}/{triggerId}`, summary: "Get a trigger", tag },
    { method: "patch", path: `${base}/{triggerId}`, summary: "Update a trigger", tag, body: UpdateTriggerBody },
    { method: "delete", path: `${base}/{triggerId}`, summary: "Delete a trigger", tag, status: 204 },
    { method: "post", path: `${base}/{triggerId}/test`, summary: "Test-fire a trigger", tag, body: FireTriggerBody, status: 202 },
    { method: "post", path: `${base}/{triggerId}/execute`, summary: "Fire a trigger manually", tag, body: FireTriggerBody, status: 202 },
  ];
};

/** Every documented route. A new route adds one line here, importing the schemas its handler uses. */
export const ROUTES: RouteDoc[] = [
  { method: "get", path: "/api/reviews", summary: "Approvals of every source type", tag: "Reviews", query: ListReviewsQuery },
  { method: "post", path: "/api/reviews", summary: "Decide a pending approval (exactly once; a second decision is 409)", tag: "Reviews", role: "OPERATOR", body: DecisionBody },
  { method: "get", path: "/api/reviews/metrics", summary: "Governance metrics", tag: "Reviews", response: z.object({ metrics: ReviewMetricsResponse }) },
  { method: "get", path: "/api/reviews/{id}/diff", summary: "The change's unified diff: the recorded patch, else the pull request's from GitHub", tag: "Reviews" },
  { method: "get", path: "/api/activity", summary: "Activity feed, or execution groups with grouped=true", tag: "Activity", query: ListActivityQuery },
  { method: "get", path: "/api/activity/health", summary: "Completed vs failed runs per hour over the last 24 hours", tag: "Activity" },
  { method: "get", path: "/api/activity/stream", summary: "Server-sent events of new activity", tag: "Activity", query: ActivityStreamQuery, contentType: "text/event-stream" },
  { method: "get", path: "/api/godmode/trace-chain", summary: "Causal tree below a run, workflow run or network run", tag: "God Mode", query: TraceChainQuery, response: z.object({ chain: CausalNodeSchema }) },
  { method: "get", path: "/api/godmode/campaign-chain", summary: "Campaign → missions → tasks → agent runs → tool calls", tag: "God Mode", query: CampaignChainQuery, response: z.object({ chain: CausalNodeSchema }) },
  { method: "get", path: "/api/admin/ai/runtime/status", summary: "Runtime health: workers, breakers, queue, degraded flags", tag: "Runtime admin", role: "ADMIN" },
  { method: "get", path: "/api/admin/ai/runtime/events", summary: "Runtime events", tag: "Runtime admin", role: "ADMIN", query: ListRuntimeEventsQuery },
  { method: "get", path: "/api/admin/ai/runtime/tasks", summary: "Recent execution jobs with their outcome, the run each drove and its latest runtime event", tag: "Runtime admin", role: "ADMIN", query: ListRuntimeTasksQuery },
  { method: "post", path: "/api/webhooks/{path}", summary: "Receive a signed webhook (X-Switchyard-Signature)", tag: "Machines", auth: "hmac", status: 202 },
  { method: "post", path: "/api/triggers/event", summary: "Emit an internal event to matching triggers", tag: "Machines", body: EmitEventBody, status: 202 },
  { method: "get", path: "/api/agents", summary: "List agents", tag: "Agents" },
  { method: "get", path: "/api/agents/{slug}", summary: "Get an agent", tag: "Agents" },
  { method: "post", path: "/api/workflows", summary: "Create a workflow", tag: "Workflows", body: CreateWorkflowBody, status: 201 },
  { method: "post", path: "/api/campaigns", summary: "Create a campaign from a template", tag: "Campaigns", role: "OPERATOR", body: CreateCampaignBody, status: 201 },
  { method: "get", path: "/api/live/runs", summary: "Runs of every kind", tag: "Observe", query: ListRunsQuery },
  { method: "get", path: "/api/live/metrics", summary: "Per-kind run metrics and time series", tag: "Observe", query: RunMetricsQuery },
  { method: "get", path: "/api/live/filters", summary: "Filter options: entities, kinds, sources, statuses", tag: "Observe" },
  { method: "get", path: "/api/live/triggers", summary: "Trigger events with the runs they started", tag: "Observe", query: ListTriggerEventsQuery },
  { method: "get", path: "/api/runs/{kind}/{id}", summary: "Run detail with steps, sub-runs and timeline", tag: "Observe" },
  { method: "post", path: "/api/runs/{kind}/{id}/cancel", summary: "Request cancellation of a run", tag: "Observe", role: "OPERATOR" },
  { method: "post", path: "/api/runs/{kind}/{id}/retry", summary: "Retry a run with the same inputs", tag: "Observe", role: "OPERATOR", status: 202 },
  { method: "post", path: "/api/runs/{kind}/{id}/feedback", summary: "Feedback on a workflow or network run", tag: "Observe", body: RunFeedbackBody, status: 201 },
  { method: "get", path: "/api/live/automations", summary: "Every schedule and trigger of every primitive", tag: "Schedule", query: ListAutomationsQuery },
  { method: "patch", path: "/api/live/automations/{id}", summary: "Toggle, archive or set the health policy of an automation", tag: "Schedule", role: "OPERATOR", body: UpdateAutomationBody },
  { method: "get", path: "/api/live/automations/density", summary: "24-hour execution density", tag: "Schedule", query: DensityQuery },
  { method: "get", path: "/api/live/automations/calendar", summary: "Occurrences in a range, dense automations compressed", tag: "Schedule", query: CalendarQuery },
  { method: "post", path: "/api/live/automations/dependencies", summary: "Declare that one automation depends on another", tag: "Schedule", role: "OPERATOR", body: CreateDependencyBody, status: 201 },
  { method: "delete", path: "/api/live/automations/dependencies/{id}", summary: "Remove a dependency", tag: "Schedule", role: "OPERATOR" },
  { method: "get", path: "/api/setup", summary: "Whether first-run setup is open", tag: "Organization", auth: "none" },
  { method: "post", path: "/api/setup", summary: "First-run setup: the organization and its owner (404 once set up)", tag: "Organization", auth: "none", body: SetupBody, status: 201 },
  { method: "get", path: "/api/organization", summary: "The active organization", tag: "Organization" },
  { method: "patch", path: "/api/organization", summary: "Rename the organization", tag: "Organization", role: "ADMIN", body: RenameOrganizationBody },
  { method: "get", path: "/api/organizations", summary: "The caller's organizations", tag: "Organization" },
  { method: "put", path: "/api/session/organization", summary: "Switch the signed-in session's organization", tag: "Organization", body: SwitchOrganizationBody },
  { method: "get", path: "/api/members", summary: "Members with role and last sign-in", tag: "Members", role: "ADMIN" },
  { method: "patch", path: "/api/members/{id}", summary: "Change a member's role", tag: "Members", role: "ADMIN", body: UpdateMemberBody },
  { method: "delete", path: "/api/members/{id}", summary: "Remove a member", tag: "Members", role: "ADMIN", status: 204 },
  { method: "get", path: "/api/invitations", summary: "Pending invitations", tag: "Members", role: "ADMIN" },
  { method: "post", path: "/api/invitations", summary: "Invite by email (the link is in this answer only)", tag: "Members", role: "ADMIN", body: CreateInvitationBody, status: 201 },
  { method: "delete", path: "/api/invitations/{id}", summary: "Withdraw an invitation", tag: "Members", role: "ADMIN", status: 204 },
  { method: "get", path: "/api/invite/{token}", summary: "What an invitation offers (410 when used, withdrawn or expired)", tag: "Members", auth: "none" },
  { method: "post", path: "/api/invite/{token}/accept", summary: "Accept an invitation", tag: "Members", auth: "none", body: AcceptInvitationBody, status: 201 },
  { method: "get", path: "/api/api-keys", summary: "API keys (never the key itself)", tag: "API keys", role: "ADMIN" },
  { method: "post", path: "/api/api-keys", summary: "Create an API key (shown once)", tag: "API keys", role: "ADMIN", body: CreateApiKeyBody, status: 201 },
  { method: "post", path: "/api/api-keys/{id}/revoke", summary: "Revoke a key at once", tag: "API keys", role: "ADMIN" },
  { method: "post", path: "/api/api-keys/{id}/rotate", summary: "Rotate a key; the old one works for the grace period", tag: "API keys", role: "ADMIN", body: RotateApiKeyBody, status: 201 },
  { method: "get", path: "/api/audit", summary: "The audit log of administrative actions", tag: "Audit", role: "ADMIN", query: ListAuditQuery },
  ...triggerRoutes("agents"),
  ...triggerRoutes("workflows"),
  ...triggerRoutes("networks"),
];

type JsonSchema = Record<string, unknown>;

/** Input schemas are described as the client sends them (before coercion and defaults apply). */
function toSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    target: "draft-2020-12",
    // Dates travel as ISO 8601 strings in both directions.
    override: (ctx) => {
      if (ctx.zodSchema._zod.def.type === "date") Object.assign(ctx.jsonSchema, { type: "string", format: "date-time" });
    },
  }) as JsonSchema;
  return rest;
}

function queryParameters(schema: z.ZodType) {
  const json = toSchema(schema, "input");
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({ name, in: "query", required: required.has(name), schema: property }));
}

const pathParameters = (path: string) =>
  [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } }));

function operation(route: RouteDoc) {
  const status = String(route.status ?? 200);
  const success =
    status === "204"
      ? { description: "No content" }
      : {
          description: "Success",
          content: route.contentType
            ? { [route.contentType]: { schema: { type: "string" } } }
            : { "application/json": { schema: route.response ? toSchema(route.response, "output") : { type: "object" } } },
        };
  const error = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
  return {
    summary: route.summary,
    tags: [route.tag],
    operationId: `${route.method}${route.path.replace(/[{}]/g, "").replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    ...(route.role ? { description: `Needs the ${route.role.toLowerCase()} role or higher.` } : {}),
    security: route.auth === "hmac" || route.auth === "none" ? [] : [{ bearerAuth: [] }],
    parameters: [...pathParameters(route.path), ...(route.query ? queryParameters(route.query) : [])],
    ...(route.body ? { requestBody: { required: false, content: { "application/json": { schema: toSchema(route.body, "input") } } } } : {}),
    responses: {
      [status]: success,
      "400": error("Invalid input"),
      ...(route.auth === "hmac" ? { "401": error("Bad signature") } : { "401": error("Not authenticated"), "403": error("Role too low") }),
      "404": error("Not found in the caller's organization"),
    },
  };
}

/** The OpenAPI 3.1 document for the routes above. */
export function buildOpenApiDocument(routes: RouteDoc[] = ROUTES) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path][route.method] = operation(route);
  }
  return {
    openapi: "3.1.0",
    info: { title: "Switchyard API", version: "1.0.0", description: "Control plane for AI automation. Every request is scoped to the organization of its credential." },
    servers: [{ url: "/" }],
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An API key, or a signed-in session cookie" } },
      schemas: { Error: toSchema(ErrorResponse, "output") },
    },
  };
}
