import { connect } from "@nats-io/transport-node";

/** The NATS (with JetStream) the bridge's tests use: this machine's and CI's, unless TEST_NATS_URL names another. */
export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? "nats://127.0.0.1:4222";

/** Why NATS cannot be reached at `url`, or null when it can: tests without it say so and skip. */
export async function natsUnreachable(url = TEST_NATS_URL): Promise<string | null> {
  return connect({ servers: url, timeout: 2000, reconnect: false }).then(
    async (nc) => {
      await nc.close();
      return null;
    },
    (error: Error) => error.message,
  );
}
