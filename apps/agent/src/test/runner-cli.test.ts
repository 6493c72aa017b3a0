import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startApiServer } from "./api-server";
import { drainJobs } from "./engine";

const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
const RUNNER_BIN = join(REPO, "packages/runner/bin/switchyard-runner.mjs");
const FIXTURE = fileURLToPath(new URL("./fixtures/runner-command.mjs", import.meta.url));
const OUTPUT_SCHEMA = { type: "object", properties: { targets: { type: "array", items: { type: "string" } } }, required: ["targets"] };

interface Start {
  mode: string;
  runner: string;
  attempt: string;
  runId: string;
  pid: number;
}

// The runner CLI as its own process, against the app's real route handlers over HTTP.
describe("switchyard-runner CLI", () => {
  let db: Database;
  let api: Awaited<ReturnType<typeof startApiServer>>;
  let org: Awaited<ReturnType<typeof createTestOrganization>>;
  let dir: string;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    db = await useTestDatabase();
    api = await startApiServer();
    org = await createTestOrganization(db.prisma);
    await db.prisma.agent.create({
      data: {
        organizationId: org.organization.id,
        slug: "target-builder",
        name: "Target builder",
        instructions: "Build the target list.",
        modelName: "gpt-4o-mini",
        runtime: "external",
        outputSchema: OUTPUT_SCHEMA,
      },
    });
  });
  afterEach(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    children.clear();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  afterAll(async () => {
    await api?.close();
    await db?.close();
  });

  /** Start run of the external agent through the API, queued by the engine: what a runner then claims. */
  async function startRun(thesis: string): Promise<string> {
    const response = await fetch(`${api.url}/api/runs`, {
      method: "POST",
      headers: { authorization: `Bearer ${org.keys.OPERATOR}`, "content-type": "application/json" },
      body: JSON.stringify({ kind: "agent", slug: "target-builder", input: { thesis } }),
    });
    expect(response.status).toBe(202);
    const { runId } = (await response.json()) as { runId: string };
    await drainJobs(db);
    expect((await db.prisma.agentRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("QUEUED");
    return runId;
  }

  /** Starts `switchyard-runner` with a 2 s lease; resolves `exited` with its exit code. */
  function startRunner(runnerId: string, mode: "complete" | "hang") {
    const child = spawn(
      process.execPath,
      [
        RUNNER_BIN,
        ...["--url", api.url, "--api-key", org.keys.OPERATOR, "--agent", "target-builder", "--lease", "2", "--poll", "0.1"],
        ...["--kill-grace", "2", "--runner-id", runnerId, "--once", "--", process.execPath, FIXTURE, mode, dir],
      ],
      { cwd: REPO, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    children.add(child);
    const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
    return { child, exited, stderr: () => stderr };
  }

  const starts = (): Start[] =>
    existsSync(join(dir, "starts.log"))
      ? readFileSync(join(dir, "starts.log"), "utf8")
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line) as Start)
      : [];
  const isAlive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const runOf = (id: string) =>
    db.prisma.agentRun.findUniqueOrThrow({ where: { id }, include: { events: { orderBy: { createdAt: "asc" } }, artifacts: true } });

  it("claims a run, streams its command's lines as events and artifacts, and completes it with the last line", async () => {
    dir = mkdtempSync(join(tmpdir(), "runner-cli-"));
    const runId = await startRun("fintech");
    const runner = startRunner("runner-one", "complete");
    expect(await runner.exited, runner.stderr()).toBe(0);

    const run = await runOf(runId);
    expect(run).toMatchObject({ status: "COMPLETED", claimedBy: "runner-one", attempt: 1, output: { targets: ["fintech-acme"] }, modelProvider: "external" });
    // stdout's lines in the order printed (stderr is its own pipe, so where its line falls between them is not fixed).
    const [fromStderr, fromStdout] = [run.events.filter((event) => event.metadata !== null), run.events.filter((event) => event.metadata === null)];
    expect(fromStdout.map((event) => [event.eventType, event.stage ?? event.score ?? event.message])).toEqual([
      ["stage", "producing"],
      ["log", "researching fintech"],
      ["score", 0.9],
      ["log", '{"targets":["fintech-acme"]}'],
    ]);
    expect(fromStderr.map((event) => [event.eventType, event.message, event.metadata])).toEqual([["log", "a warning on stderr", { stream: "stderr" }]]);
    expect(run.artifacts.map((artifact) => [artifact.filename, artifact.contentType, artifact.content, artifact.attempt])).toEqual([
      ["attempt-1.md", "text/markdown", "# Targets for fintech\n\n- Acme", 1],
    ]);
    expect(starts().map((start) => [start.runner, start.attempt, start.runId])).toEqual([["runner-one", "1", runId]]);
  });

  it("kills the command when the run is cancelled mid-run, and the run ends cancelled", async () => {
    dir = mkdtempSync(join(tmpdir(), "runner-cli-"));
    const runId = await startRun("cancel-me");
    const runner = startRunner("runner-cancel", "hang");
    await expect.poll(() => starts().length, { timeout: 20_000 }).toBe(1);
    await expect.poll(async () => (await runOf(runId)).events.map((event) => event.stage), { timeout: 10_000 }).toEqual(["working"]);
    const [{ pid }] = starts();
    expect(isAlive(pid)).toBe(true);

    const cancel = await fetch(`${api.url}/api/runs/agent/${runId}/cancel`, { method: "POST", headers: { authorization: `Bearer ${org.keys.OPERATOR}` } });
    expect(cancel.status).toBe(200);
    expect(await runner.exited, runner.stderr()).toBe(1);
    expect(isAlive(pid)).toBe(false);
    expect(await runOf(runId)).toMatchObject({
      status: "CANCELLED",
      error: "Cancelled on request; the runner stopped: Stopped on a cancel request (killed by SIGTERM)",
    });
  });

  it("hands the run of a runner killed with SIGKILL to exactly one other runner once its lease lapses", async () => {
    dir = mkdtempSync(join(tmpdir(), "runner-cli-"));
    const runId = await startRun("takeover");
    const first = startRunner("runner-killed", "hang");
    await expect.poll(() => starts().length, { timeout: 20_000 }).toBe(1);
    await expect.poll(async () => (await runOf(runId)).events.length, { timeout: 10_000 }).toBe(1);
    expect(await runOf(runId)).toMatchObject({ status: "RUNNING", claimedBy: "runner-killed", attempt: 1 });
    first.child.kill("SIGKILL");
    await first.exited;

    // Two runners wait for work; the lapsed lease goes to one of them, as attempt 2.
    const second = startRunner("runner-b", "complete");
    const third = startRunner("runner-c", "complete");
    await expect.poll(async () => (await runOf(runId)).status, { timeout: 30_000 }).toBe("COMPLETED");
    const run = await runOf(runId);
    expect(run).toMatchObject({ attempt: 2, leaseLapses: 1, output: { targets: ["takeover-acme"] } });
    const winner = run.claimedBy === "runner-b" ? second : third;
    const waiting = winner === second ? third : second;
    expect(await winner.exited, winner.stderr()).toBe(0);
    expect(waiting.child.exitCode).toBeNull();
    waiting.child.kill("SIGTERM");
    expect(await waiting.exited).toBe(0);

    const [killed, ...rest] = starts();
    expect([killed.runner, killed.attempt]).toEqual(["runner-killed", "1"]);
    expect(rest.map((start) => [start.runner, start.attempt])).toEqual([[run.claimedBy, "2"]]);
    // The killed runner's command, orphaned, stopped itself; each attempt's reports are kept apart.
    await expect.poll(() => isAlive(killed.pid), { timeout: 10_000 }).toBe(false);
    expect(run.events.filter((event) => event.attempt === 1).map((event) => event.stage)).toEqual(["working"]);
    expect(run.artifacts.map((artifact) => [artifact.filename, artifact.attempt])).toEqual([["attempt-2.md", 2]]);
  });
});
