import { hostname } from "node:os";
import { parseArgs } from "node:util";

export const USAGE = `Usage: switchyard-runner --url <switchyard url> --api-key <key> [--agent <slug>]... [options] -- <command> [args...]

Claims runs of Switchyard agents whose runtime is "external" and runs <command> for each: the run's
input arrives as JSON on stdin, each stdout line is reported as a log event (JSON lines {"stage": ...},
{"score": ...} and {"artifact": {...}} become stage, score and artifact events), and on exit 0 the last
stdout line, parsed as JSON, is the run's output. A cancel from Switchyard stops the command (SIGTERM,
then SIGKILL).

Options:
  --url <url>            Switchyard's address (or SWITCHYARD_URL)
  --api-key <key>        an operator API key (or SWITCHYARD_API_KEY)
  --agent <slug>         only runs of this agent; repeat for several (default: every external agent)
  --lease <seconds>      lease per claim and heartbeat, 1-3600 (default 60); heartbeats every third of it
  --runner-id <id>       this runner's name (default hostname:pid)
  --poll <seconds>       wait between claims while nothing is queued (default 2)
  --kill-grace <seconds> after SIGTERM, wait this long before SIGKILL (default 5)
  --once                 run one claimed run, then exit (0 when it completed, 1 otherwise)
  -h, --help             this text`;

export interface CliOptions {
  url: string;
  apiKey: string;
  agents: string[];
  leaseSeconds: number;
  runnerId: string;
  pollMs: number;
  killGraceMs: number;
  once: boolean;
  command: string;
  args: string[];
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions | { help: true } | { error: string } {
  const separator = argv.indexOf("--");
  const own = separator === -1 ? argv : argv.slice(0, separator);
  const [command, ...args] = separator === -1 ? [] : argv.slice(separator + 1);
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: own,
      options: {
        url: { type: "string" },
        "api-key": { type: "string" },
        agent: { type: "string", multiple: true },
        lease: { type: "string" },
        "runner-id": { type: "string" },
        poll: { type: "string" },
        "kill-grace": { type: "string" },
        once: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    return { error: (error as Error).message };
  }
  if (values.help) return { help: true };
  const url = (values.url as string | undefined) ?? env.SWITCHYARD_URL;
  const apiKey = (values["api-key"] as string | undefined) ?? env.SWITCHYARD_API_KEY;
  if (!url) return { error: "Missing --url (or SWITCHYARD_URL)" };
  if (!apiKey) return { error: "Missing --api-key (or SWITCHYARD_API_KEY)" };
  if (!command) return { error: "Missing the command: put it after --, e.g. -- python build.py" };
  const leaseSeconds = numberOption(values.lease, 60);
  if (!Number.isInteger(leaseSeconds) || leaseSeconds < 1 || leaseSeconds > 3600) return { error: "--lease must be a whole number of seconds from 1 to 3600" };
  const poll = numberOption(values.poll, 2);
  const killGrace = numberOption(values["kill-grace"], 5);
  if (!(poll > 0) || !(killGrace >= 0)) return { error: "--poll must be above 0 and --kill-grace at least 0" };
  return {
    url,
    apiKey,
    agents: (values.agent as string[] | undefined) ?? [],
    leaseSeconds,
    runnerId: (values["runner-id"] as string | undefined) ?? `${hostname()}:${process.pid}`,
    pollMs: poll * 1000,
    killGraceMs: killGrace * 1000,
    once: Boolean(values.once),
    command,
    args,
  };
}

function numberOption(value: unknown, fallback: number): number {
  return typeof value === "string" ? Number(value) : fallback;
}
