/**
 * Realistic unified diffs for the demo's pull requests, one per file the SDLC review webhook names.
 * The workflow records them with its analysis, so /command shows the change inline without GitHub.
 */
const FILE_PATCHES: Record<string, string> = {
  "src/api/runs.ts": `diff --git a/src/api/runs.ts b/src/api/runs.ts
index 41c0e9a..b7d3f52 100644
--- a/src/api/runs.ts
+++ b/src/api/runs.ts
@@ -12,8 +12,9 @@ export async function listRuns(ctx: OrgContext, query: ListRunsQuery) {
   const rows = await ctx.db.agentRun.findMany({
     where: { organizationId: ctx.organizationId, ...filtersOf(query) },
-    include: { agent: true, toolCalls: true },
+    select: RUN_LIST_COLUMNS,
     orderBy: [{ startedAt: "desc" }, { id: "desc" }],
     take: query.limit + 1,
+    ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
   });
   const page = rows.slice(0, query.limit);
   return { runs: page, nextCursor: rows.length > query.limit ? page.at(-1)!.id : null };
`,
  "src/ui/table.tsx": `diff --git a/src/ui/table.tsx b/src/ui/table.tsx
index 5a0e2c7..e19b4d8 100644
--- a/src/ui/table.tsx
+++ b/src/ui/table.tsx
@@ -30,6 +30,7 @@ export function RunsTable({ runs }: { runs: Run[] }) {
         <th>Status</th>
         <th>Started</th>
         <th>Duration</th>
+        <th className="text-right">Cost</th>
       </tr>
     </thead>
     <tbody>
@@ -40,6 +41,7 @@ export function RunsTable({ runs }: { runs: Run[] }) {
           <td><StatusBadge status={run.status} /></td>
           <td>{formatTime(run.startedAt)}</td>
           <td>{formatDuration(run.durationMs)}</td>
+          <td className="text-right tabular-nums">{formatCost(run.costUsd)}</td>
         </tr>
       ))}
     </tbody>
`,
  "prisma/schema.prisma": `diff --git a/prisma/schema.prisma b/prisma/schema.prisma
index 9b1f3d0..0c6a2e4 100644
--- a/prisma/schema.prisma
+++ b/prisma/schema.prisma
@@ -88,6 +88,7 @@ model AgentRun {
   totalTokens    Int       @default(0)
   costUsd        Float     @default(0)
   startedAt      DateTime  @default(now())
+  retryOfId      String?
   completedAt    DateTime?
   durationMs     Int?
 
@@ -96,3 +97,4 @@ model AgentRun {
   @@index([organizationId, startedAt])
   @@index([organizationId, status])
+  @@index([organizationId, retryOfId])
 }
`,
  "src/engine/worker.ts": `diff --git a/src/engine/worker.ts b/src/engine/worker.ts
index 77aa0b3..1d9e5f6 100644
--- a/src/engine/worker.ts
+++ b/src/engine/worker.ts
@@ -54,9 +54,10 @@ async function runClaimedJob(job: ClaimedJob) {
   } catch (error) {
     const attempt = job.attempts + 1;
-    const delayMs = 1000 * attempt;
+    // Exponential with jitter, capped: a flapping provider must not be retried in lockstep.
+    const delayMs = Math.min(60_000, 1000 * 2 ** attempt) * (0.5 + Math.random() / 2);
     if (attempt >= job.maxAttempts) {
       await markJobFailed(job.id, error);
       return;
     }
     await rescheduleJob(job.id, new Date(Date.now() + delayMs));
   }
`,
  "src/ui/run-detail.tsx": `diff --git a/src/ui/run-detail.tsx b/src/ui/run-detail.tsx
index 8d2e4b1..c71a0f3 100644
--- a/src/ui/run-detail.tsx
+++ b/src/ui/run-detail.tsx
@@ -1,17 +1,29 @@
-import { useQuery } from "@tanstack/react-query";
-import { fetchSteps } from "../api/client";
+import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
+import { fetchSteps, retryRun } from "../api/client";
 import { StatusBadge } from "./status-badge";
 import { RunTimeline } from "./run-timeline";
 import type { Run } from "../types";
 
 export function RunDetail({ run }: { run: Run }) {
   const steps = useQuery({ queryKey: ["run-steps", run.id], queryFn: () => fetchSteps(run.id) });
+  const queryClient = useQueryClient();
+  const retry = useMutation({
+    mutationFn: () => retryRun(run.kind, run.id),
+    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["runs"] }),
+  });
 
   return (
     <section>
       <header className="flex items-center justify-between">
         <h1>{run.name}</h1>
-        <StatusBadge status={run.status} />
+        <div className="flex items-center gap-2">
+          <StatusBadge status={run.status} />
+          {run.status === "FAILED" && (
+            <button type="button" disabled={retry.isPending} onClick={() => retry.mutate()}>
+              {retry.isPending ? "Retrying…" : "Retry"}
+            </button>
+          )}
+        </div>
       </header>
       <RunTimeline steps={steps.data ?? []} />
     </section>
`,
  "src/api/retry.ts": `diff --git a/src/api/retry.ts b/src/api/retry.ts
new file mode 100644
index 0000000..3f9c2a1
--- /dev/null
+++ b/src/api/retry.ts
@@ -0,0 +1,11 @@
+import { z } from "zod";
+import { retryRun } from "../runs/actions";
+import { route } from "./route";
+
+const RetryParams = z.object({ kind: z.enum(["agent", "workflow", "network"]), id: z.string().min(1) });
+
+/** Starts a new run with the same inputs; the old run keeps its history. */
+export const POST = route({ role: "OPERATOR", params: RetryParams }, async ({ ctx, params }) => {
+  const run = await retryRun(ctx, params.kind, params.id);
+  return { kind: params.kind, runId: run.id };
+});
`,
};

/** The pull request touching `files` as one unified diff, or undefined when none of them has a patch. */
export function demoPullRequestPatch(files: readonly string[]): string | undefined {
  const patch = files.map((file) => FILE_PATCHES[file] ?? "").join("");
  return patch || undefined;
}
