/**
 * Starts the app for the browser tests: a production build served by `next start` on a free port,
 * over a brand-new data folder so the demo organization is seeded fresh for every run.
 * Run from the repository root: `bunx vitest run --project browser`.
 *
 * E2E_BASE_URL     test an already running server instead (nothing is built or started)
 * E2E_SKIP_BUILD=1 reuse an existing build
 * NEXT_DIST_DIR    build into and serve from this folder instead of .next
 * E2E_DATABASE_URL run the server against this Postgres database instead of embedded PGlite
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { DEMO } from "./support";

/** A signed-in user's session cookies, as a browser context takes them. */
export interface SessionCookie {
  name: string;
  value: string;
  url: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    /** Session cookies per demo email, signed in once per run (sign-ins are rate limited per IP). */
    sessions: Record<string, SessionCookie[]>;
  }
}


const APP_DIR = fileURLToPath(new URL("..", import.meta.url));
const NEXT_BIN = join(APP_DIR, "node_modules", ".bin", "next");
const RESULTS_DIR = join(APP_DIR, "test-results");
const SERVER_LOG = join(RESULTS_DIR, "e2e-server.log");
const READY_TIMEOUT_MS = 120_000;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.E2E_BASE_URL) {
    const baseUrl = process.env.E2E_BASE_URL.replace(/\/$/, "");
    project.provide("baseUrl", baseUrl);
    project.provide("sessions", await signInDemoUsers(baseUrl));
    return async () => {};
  }

  await mkdir(RESULTS_DIR, { recursive: true });

  if (process.env.E2E_SKIP_BUILD === "1" && existsSync(join(APP_DIR, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID"))) {
    log("reusing the existing build (E2E_SKIP_BUILD=1)");
  } else {
    // The build gets its own throwaway data folder so nothing it touches leaks into the fresh one.
    const buildDataDir = await mkdtemp(join(tmpdir(), "switchyard-e2e-build-"));
    const started = Date.now();
    try {
      await runToCompletion(NEXT_BIN, ["build"], serverEnv(buildDataDir));
    } finally {
      await rm(buildDataDir, { recursive: true, force: true });
    }
    log(`next build took ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }

  const dataDir = await mkdtemp(join(tmpdir(), "switchyard-e2e-"));
  const env = serverEnv(dataDir);
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const serverLog = createWriteStream(SERVER_LOG);
  const server = spawn(NEXT_BIN, ["start", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: APP_DIR,
    env: { ...env, PORT: String(port), BETTER_AUTH_URL: baseUrl },
    // Its own process group, so teardown can stop next and every worker it forked.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.pipe(serverLog);
  server.stderr?.pipe(serverLog);

  const teardown = async () => {
    await stopProcessGroup(server);
    serverLog.end();
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const started = Date.now();
    await waitForServer(`${baseUrl}/sign-in`, server);
    log(`server ready at ${baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)}s (log: ${SERVER_LOG})`);
  } catch (error) {
    await teardown();
    const tail = (await readFile(SERVER_LOG, "utf8").catch(() => "")).split("\n").slice(-40).join("\n");
    throw new Error(`${(error as Error).message}\n--- server log (last lines) ---\n${tail}`);
  }

  project.provide("baseUrl", baseUrl);
  try {
    project.provide("sessions", await signInDemoUsers(baseUrl));
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

/**
 * Signs each demo user in once through the auth API. better-auth's limit of 10 sign-ins a minute per
 * IP only resets after a quiet minute, so a run that signed in per test file would hit it.
 */
async function signInDemoUsers(baseUrl: string): Promise<Record<string, SessionCookie[]>> {
  const sessions: Record<string, SessionCookie[]> = {};
  for (const email of [DEMO.adminEmail, DEMO.viewerEmail]) {
    const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseUrl },
      body: JSON.stringify({ email, password: DEMO.password }),
    });
    if (!response.ok) throw new Error(`signing in ${email} for the browser tests failed: ${response.status} ${await response.text()}`);
    sessions[email] = response.headers.getSetCookie().map((header) => {
      const [pair = ""] = header.split(";");
      const split = pair.indexOf("=");
      return { name: pair.slice(0, split).trim(), value: pair.slice(split + 1).trim(), url: baseUrl };
    });
  }
  return sessions;
}

function serverEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", SWITCHYARD_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: "1" };
  // Embedded PGlite unless the caller names a database for the tests explicitly.
  delete env.DATABASE_URL;
  if (process.env.E2E_DATABASE_URL) env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  env.BETTER_AUTH_SECRET ??= "switchyard-e2e-secret-not-for-production-use-0123456789";
  return env;
}

function log(message: string): void {
  console.log(`[e2e] ${message}`);
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

function runToCompletion(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
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
