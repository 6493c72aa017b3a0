import { parseCli, USAGE } from "./cli-options.ts";
import { runLoop } from "./loop.ts";

async function main() {
  const parsed = parseCli(process.argv.slice(2));
  if ("help" in parsed) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if ("error" in parsed) {
    process.stderr.write(`${parsed.error}\n\n${USAGE}\n`);
    return 2;
  }
  return runLoop(parsed);
}

process.exitCode = await main();
