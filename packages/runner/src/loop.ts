import { createRunnerClient, type ClaimedRun } from "./client.ts";
import type { CliOptions } from "./cli-options.ts";
import { runCommand, type CommandRun } from "./run-command.ts";

const log = (message: string) => process.stderr.write(`[switchyard-runner] ${message}\n`);

/** Claims and runs until stopped (SIGINT/SIGTERM) or, with --once, after one run. Resolves to the exit code. */
export async function runLoop(options: CliOptions): Promise<number> {
  const client = createRunnerClient({ baseUrl: options.url, apiKey: options.apiKey, runnerId: options.runnerId });
  let current: CommandRun | null = null;
  let isStopping = false;
  let wake = () => {};
  const shutdown = (signal: NodeJS.Signals) => {
    if (isStopping) return;
    isStopping = true;
    log(`${signal}: stopping${current ? " the current run" : ""}`);
    current?.stop("shutdown");
    wake();
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  log(`runner ${options.runnerId} claiming ${options.agents.length ? options.agents.join(", ") : "any external agent"} at ${options.url}`);
  let exitCode = 0;
  while (!isStopping) {
    let run: ClaimedRun | null;
    try {
      run = await client.claim({ agents: options.agents.length ? options.agents : undefined, leaseSeconds: options.leaseSeconds });
    } catch (error) {
      log(`claim failed (will retry): ${describeError(error)}`);
      await sleep(options.pollMs);
      continue;
    }
    if (!run) {
      await sleep(options.pollMs);
      continue;
    }
    log(`claimed run ${run.id} of ${run.agent.slug} (attempt ${run.attempt})`);
    current = runCommand(client, run, {
      command: options.command,
      args: options.args,
      leaseSeconds: options.leaseSeconds,
      killGraceMs: options.killGraceMs,
      log,
    });
    let finished: Awaited<CommandRun["finished"]> = null;
    try {
      finished = await current.finished;
    } catch (error) {
      log(`could not report the end of run ${run.id}: ${(error as Error).message}`);
    }
    current = null;
    log(
      finished
        ? `run ${run.id} ${finished.status.toLowerCase()}${finished.error ? `: ${finished.error}` : ""}`
        : `run ${run.id}: claim lost, result not reported`,
    );
    exitCode = finished?.status === "COMPLETED" ? 0 : 1;
    if (options.once) break;
  }
  process.off("SIGINT", shutdown);
  process.off("SIGTERM", shutdown);
  return options.once ? exitCode : 0;
}

/** fetch's "fetch failed" says nothing; its cause (ECONNREFUSED, a DNS error) says what went wrong. */
function describeError(error: unknown): string {
  const { message, cause } = error as { message?: string; cause?: { message?: string } };
  return cause?.message ? `${message}: ${cause.message}` : (message ?? String(error));
}
