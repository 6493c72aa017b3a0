/**
 * Benchmarks counting a month of cron occurrences: countOccurrences (one cron-parser step per matching
 * day) against naive iteration (one step per occurrence) in the same process. `bun run bench:cron`.
 */
import { countByIteration, countOccurrences } from "../src/automations/cron-count.ts";

const FROM = new Date("2026-11-01T00:00:00Z");
const TO = new Date("2026-12-01T00:00:00Z");
const CASES: [string, string][] = [
  ["* * * * *", "UTC"],
  ["* * * * *", "America/New_York"],
  ["* * * * *", "Asia/Tokyo"],
  ["*/30 * * * *", "UTC"],
  ["0 4-22/2 * * *", "Europe/Berlin"],
];

function opsPerSecond(fn: () => number, minMs = 1_000): { ops: number; result: number } {
  let result = fn();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    result = fn();
    runs++;
  }
  return { ops: (runs * 1000) / (performance.now() - start), result };
}

for (const [cron, zone] of CASES) {
  const fast = opsPerSecond(() => countOccurrences(cron, zone, FROM, TO));
  const naive = opsPerSecond(() => countByIteration(cron, zone, FROM.getTime(), TO.getTime()));
  if (fast.result !== naive.result) throw new Error(`Mismatch for ${cron} (${zone}): ${fast.result} vs ${naive.result}`);
  console.log(
    `${`"${cron}" ${zone}`.padEnd(36)} occurrences=${String(fast.result).padStart(6)}  countOccurrences=${fast.ops.toFixed(0).padStart(7)} ops/s  naive=${naive.ops.toFixed(1).padStart(8)} ops/s  ratio=${(fast.ops / naive.ops).toFixed(0)}x`,
  );
}
