import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { RunnerApiError, type ClaimedRun, type FinishedRun, type RunnerClient, type RunnerEvent } from "./client.ts";
import { interpretLine, outputFromLastLine } from "./lines.ts";

export interface CommandOptions {
  command: string;
  args: string[];
  /** The lease the run was claimed with; each heartbeat extends it by this much. */
  leaseSeconds: number;
  /** After SIGTERM, how long the command has to exit before SIGKILL (default 5 s). */
  killGraceMs?: number;
  log?: (message: string) => void;
}

/** Why the runner stopped the command before it finished on its own. */
export type StopReason = "cancel" | "claim-lost" | "shutdown";

export interface CommandRun {
  /** The run's end as Switchyard recorded it; null when the claim was lost (another runner has the run, or it was finished elsewhere). */
  finished: Promise<FinishedRun | null>;
  /** Stops the command (SIGTERM, then SIGKILL) and fails the run, as on a runner shutdown. */
  stop(reason: StopReason): void;
}

const STDERR_TAIL_CHARS = 2000;
const EVENT_BATCH = 50;
const EVENT_FLUSH_MS = 200;

/**
 * Runs the command for one claimed run: the input as JSON on stdin, each output line reported as it
 * comes (see lines.ts), a heartbeat every third of the lease (at most every 30 s, so the run never
 * looks stalled), the command stopped when a cancel is requested or the claim is lost, and the run
 * finished from the command's exit: the last stdout line as the output on exit 0, the stderr tail
 * as the reason otherwise.
 */
export function runCommand(client: RunnerClient, run: ClaimedRun, options: CommandOptions): CommandRun {
  const log = options.log ?? (() => {});
  const child = spawn(options.command, options.args, {
    stdio: ["pipe", "pipe", "pipe"],
    // Its own process group, so stopping it reaches what it started too (a shell's children).
    detached: true,
    env: {
      ...process.env,
      SWITCHYARD_RUN_ID: run.id,
      SWITCHYARD_RUN_ATTEMPT: String(run.attempt),
      SWITCHYARD_RUNNER_ID: client.runnerId,
      SWITCHYARD_AGENT_SLUG: run.agent.slug,
      SWITCHYARD_AGENT_INSTRUCTIONS: run.agent.instructions,
      SWITCHYARD_OUTPUT_SCHEMA: JSON.stringify(run.agent.outputSchema ?? null),
    },
  });
  const reporter = createReporter(client, run, log);
  let stopReason: StopReason | null = null;
  let lastStdoutLine: string | null = null;
  let stderrTail = "";
  let killTimer: NodeJS.Timeout | undefined;

  const signal = (name: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, name);
    } catch {
      child.kill(name);
    }
  };
  const stop = (reason: StopReason) => {
    if (stopReason) return;
    stopReason = reason;
    log(`stopping the command of run ${run.id} (${reason})`);
    signal("SIGTERM");
    killTimer = setTimeout(() => signal("SIGKILL"), options.killGraceMs ?? 5000);
    killTimer.unref();
  };

  child.stdin.on("error", () => {});
  child.stdin.end(`${JSON.stringify(run.input ?? null)}\n`);
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (line.trim() === "") return;
    lastStdoutLine = line;
    reporter.add(interpretLine(line, "stdout"));
  });
  createInterface({ input: child.stderr }).on("line", (line) => {
    stderrTail = `${stderrTail}${line}\n`.slice(-STDERR_TAIL_CHARS);
    reporter.add(interpretLine(line, "stderr"));
  });

  const heartbeatMs = Math.min((options.leaseSeconds * 1000) / 3, 30_000);
  const heartbeat = setInterval(() => {
    client.heartbeat(run, { leaseSeconds: options.leaseSeconds }).then(
      (answer) => {
        if (answer.cancelRequested) stop("cancel");
      },
      (error: unknown) => {
        if (error instanceof RunnerApiError && error.isClaimLost) stop("claim-lost");
        else log(`heartbeat of run ${run.id} failed (will retry): ${(error as Error).message}`);
      },
    );
  }, heartbeatMs);

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; spawnError?: Error }>((resolve) => {
    child.once("error", (spawnError) => resolve({ code: null, signal: null, spawnError }));
    child.once("close", (code, signal) => resolve({ code, signal }));
  });

  const finished = (async (): Promise<FinishedRun | null> => {
    const exit = await exited;
    clearInterval(heartbeat);
    clearTimeout(killTimer);
    await reporter.flush();
    try {
      if (stopReason === "claim-lost") return null;
      if (stopReason === "cancel") return await client.fail(run, { error: `Stopped on a cancel request (${describeExit(exit)})` });
      if (stopReason === "shutdown")
        return await client.fail(run, { error: `Runner ${client.runnerId} shut down before the command finished (${describeExit(exit)})` });
      if (exit.spawnError) return await client.fail(run, { error: `Could not start ${options.command}: ${exit.spawnError.message}` });
      if (exit.code !== 0) return await client.fail(run, { error: `Command ${describeExit(exit)}${stderrTail ? `: ${stderrTail.trim()}` : ""}` });
      const result = outputFromLastLine(lastStdoutLine);
      return result.ok ? await client.complete(run, { output: result.output }) : await client.fail(run, { error: result.error });
    } catch (error) {
      if (error instanceof RunnerApiError && error.isClaimLost) return null;
      throw error;
    }
  })();

  return { finished, stop };
}

function describeExit(exit: { code: number | null; signal: NodeJS.Signals | null }): string {
  return exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

/**
 * Posts events in batches and artifacts one by one, in the order the command printed them, one
 * request at a time. Reporting is best-effort: a failed post is logged, it does not stop the run.
 */
function createReporter(client: RunnerClient, run: ClaimedRun, log: (message: string) => void) {
  let chain: Promise<void> = Promise.resolve();
  let batch: RunnerEvent[] = [];
  let timer: NodeJS.Timeout | undefined;

  const enqueue = (send: () => Promise<unknown>, what: string) => {
    chain = chain.then(send).then(
      () => {},
      (error: unknown) => log(`could not report ${what} of run ${run.id}: ${(error as Error).message}`),
    );
  };
  const flushEvents = () => {
    clearTimeout(timer);
    timer = undefined;
    if (batch.length === 0) return;
    const events = batch;
    batch = [];
    enqueue(() => client.events(run, events), `${events.length} events`);
  };

  return {
    add(action: ReturnType<typeof interpretLine>) {
      if (action.kind === "artifact") {
        flushEvents();
        enqueue(() => client.artifacts(run, action.artifact), `artifact ${action.artifact.filename}`);
        return;
      }
      batch.push(action.event);
      if (batch.length >= EVENT_BATCH) flushEvents();
      else timer ??= setTimeout(flushEvents, EVENT_FLUSH_MS);
    },
    async flush() {
      flushEvents();
      await chain;
    },
  };
}
