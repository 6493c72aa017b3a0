import { STALE_RUN_MS } from "@switchyard/core/runs/lifecycle";
import { describe, expect, it } from "vitest";
import { heartbeatAgeMs, isStalled, STALLED_AFTER_MS } from "./stalled";

const now = Date.parse("2026-11-22T12:00:00Z");
const ago = (ms: number) => new Date(now - ms).toISOString();
const running = (heartbeatAt: string | null, startedAt = ago(10 * 60_000)) => ({ status: "RUNNING", startedAt, heartbeatAt });

describe("isStalled", () => {
  it("uses the same window as the run recovery in core", () => {
    expect(STALLED_AFTER_MS).toBe(STALE_RUN_MS);
    expect(STALLED_AFTER_MS).toBe(120_000);
  });

  it("flags a running run whose heartbeat is more than 2 minutes old", () => {
    expect(isStalled(running(ago(2 * 60_000 + 1)), now)).toBe(true);
    expect(isStalled(running(ago(30 * 60_000)), now)).toBe(true);
  });

  it("does not flag a heartbeat of exactly 2 minutes or fresher", () => {
    expect(isStalled(running(ago(2 * 60_000)), now)).toBe(false);
    expect(isStalled(running(ago(5_000)), now)).toBe(false);
  });

  it("counts a run that never beat from its start", () => {
    expect(isStalled(running(null, ago(3 * 60_000)), now)).toBe(true);
    expect(isStalled(running(null, ago(60_000)), now)).toBe(false);
    expect(heartbeatAgeMs(running(null, ago(60_000)), now)).toBe(60_000);
  });

  it("never flags a run that is not running, however old its heartbeat", () => {
    for (const status of ["QUEUED", "SUSPENDED", "COMPLETED", "FAILED", "CANCELLED"]) {
      expect(isStalled({ status, startedAt: ago(3_600_000), heartbeatAt: ago(3_600_000) }, now)).toBe(false);
    }
  });

  it("does not flag a heartbeat it cannot read", () => {
    expect(isStalled(running("not a date", "not a date"), now)).toBe(false);
  });
});
