/**
 * Starting and stopping the app for browser tests: a production build served by `next start` on a
 * free port over its own data folder. Global setup starts the demo server; a test that needs an
 * installation of its own (first-run setup on an empty database) starts another from the same build.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const APP_DIR = fileURLToPath(new URL("..", import.meta.url));
export const NEXT_BIN = join(APP_DIR, "node_modules", ".bin", "next");
// The first request seeds the demo organization: a minute on a quiet machine, several on a loaded one.
const READY_TIMEOUT_MS = 300_000;

export interface AppServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Serves the existing build on a free port over a brand-new data folder; `env` adds to the server's
 * environment (an empty DATABASE_URL keeps it on embedded PGlite even when E2E_DATABASE_URL is set).
 */
export async function startAppServer(logFile: string, env: Record<string, string> = {}): Promise<AppServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "switchyard-e2e-"));
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const serverLog = createWriteStream(logFile);
  const processEnv: NodeJS.ProcessEnv = { ...serverEnv(dataDir), ...env, PORT: String(port), BETTER_AUTH_URL: baseUrl };
  if (!processEnv.DATABASE_URL) delete processEnv.DATABASE_URL;
  const server = spawn(NEXT_BIN, ["start", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: APP_DIR,
    env: processEnv,
    // Its own process group, so stopping it also stops every worker next forked.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.pipe(serverLog);
  server.stderr?.pipe(serverLog);

  const stop = async () => {
    await stopProcessGroup(server);
    serverLog.end();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForServer(`${baseUrl}/sign-in`, server);
  } catch (error) {
    await stop();
    const tail = (await readFile(logFile, "utf8").catch(() => "")).split("\n").slice(-40).join("\n");
    throw new Error(`${(error as Error).message}\n--- server log (last lines) ---\n${tail}`);
  }
  return { baseUrl, stop };
}

export function serverEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", SWITCHYARD_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: "1" };
  // Embedded PGlite unless the caller names a database for the tests explicitly.
  delete env.DATABASE_URL;
  if (process.env.E2E_DATABASE_URL) env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  env.BETTER_AUTH_SECRET ??= "switchyard-e2e-secret-not-for-production-use-0123456789";
  // The alerts test's receiver is reached as localhost; 127.0.0.1 and other private targets stay refused.
  env.SWITCHYARD_HTTP_ALLOWED_HOSTS ??= "localhost";
  return env;
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error("could not find a free port"))));
    });
  });
}

export function runToCompletion(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: APP_DIR, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

async function waitForServer(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError = "no answer yet";
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`next start exited early (${server.signalCode ?? `exit code ${server.exitCode}`})`);
    }
    try {
      const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
      if (response.status < 500) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`server did not answer ${url} within ${READY_TIMEOUT_MS / 1000}s (${lastError})`);
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return;
  const pid = child.pid;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    signalGroup(pid, "SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  }
  // Whatever the leader left behind (forked workers) goes too.
  signalGroup(pid, "SIGKILL");
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
