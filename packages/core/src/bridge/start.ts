import type { PrismaClient } from "@switchyard/database";
import type { ExecutionEngine } from "../execution/events.ts";
import { natsBridgeConfigFromEnv, type NatsBridgeConfig } from "./config.ts";
import type { NatsBridge } from "./nats.ts";

export interface BridgeStartOptions {
  db: PrismaClient;
  /** Where incoming events fire: the process's own engine (the local job table, or Inngest in the web app). */
  engine: ExecutionEngine;
  logger?: Pick<Console, "log" | "error">;
  /** Defaults to the environment (NATS_URL and friends). */
  config?: NatsBridgeConfig | null;
}

export interface BackgroundBridge {
  /** Gives up retrying, then stops the bridge if it started (outgoing events are flushed first). */
  stop(): Promise<void>;
}

/** The longest wait between two attempts to reach NATS. */
const MAX_RETRY_DELAY_MS = 60_000;

/**
 * With NATS_URL set, starts the NATS bridge of this process (web server or `bun run worker`) in the
 * background: a NATS that is down delays the bridge, retried with a growing delay up to a minute,
 * never the process. Returns null, and connects nothing, without NATS_URL.
 */
export function startNatsBridgeIfConfigured(options: BridgeStartOptions): BackgroundBridge | null {
  const config = options.config === undefined ? natsBridgeConfigFromEnv() : options.config;
  if (!config) return null;
  const logger = options.logger ?? console;
  let isStopped = false;
  let bridge: NatsBridge | null = null;
  let retry: NodeJS.Timeout | undefined;
  let attempt: Promise<void> = Promise.resolve();

  const connect = (failures: number): void => {
    // Loaded only when NATS is configured: a process without it never loads the client.
    attempt = import("./nats.ts")
      .then(({ startNatsBridge }) => startNatsBridge({ db: options.db, engine: options.engine, ...config }))
      .then(
        async (started) => {
          if (isStopped) return started.stop();
          bridge = started;
          logger.log(`[switchyard] NATS bridge: consuming stream ${started.stream} as ${started.durable}, subjects ${started.subjectPrefix}.<org>.*`);
        },
        (error: Error) => {
          if (isStopped) return;
          const delayMs = Math.min(MAX_RETRY_DELAY_MS, 2_000 * 2 ** failures);
          logger.error(`[switchyard] NATS bridge did not start (${error.message}); trying again in ${delayMs / 1000}s`);
          retry = setTimeout(() => connect(failures + 1), delayMs);
          retry.unref();
        },
      );
  };
  connect(0);

  return {
    async stop() {
      isStopped = true;
      clearTimeout(retry);
      await attempt;
      await bridge?.stop();
    },
  };
}
