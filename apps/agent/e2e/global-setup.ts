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
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { APP_DIR, NEXT_BIN, runToCompletion, serverEnv, startAppServer } from "./server";
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

const RESULTS_DIR = join(APP_DIR, "test-results");
const SERVER_LOG = join(RESULTS_DIR, "e2e-server.log");

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

  const started = Date.now();
  const server = await startAppServer(SERVER_LOG);
  const { baseUrl } = server;
  log(`server ready at ${baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)}s (log: ${SERVER_LOG})`);
  const teardown = server.stop;

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

function log(message: string): void {
  console.log(`[e2e] ${message}`);
}
