import { describe, expect, it } from "vitest";
import { createOnce, isUniqueViolation } from "./unique.ts";

const uniqueViolation = Object.assign(new Error("Unique constraint failed"), { code: "P2002" });

describe("createOnce", () => {
  it("returns the created row", async () => {
    await expect(
      createOnce(
        async () => "mine",
        async () => "theirs",
      ),
    ).resolves.toEqual({ row: "mine", created: true });
  });

  it("returns the concurrent winner's row when the create loses on the unique key", async () => {
    await expect(
      createOnce(
        () => Promise.reject(uniqueViolation),
        async () => "theirs",
      ),
    ).resolves.toEqual({ row: "theirs", created: false });
  });

  it("rethrows any other error without looking for a winner", async () => {
    const other = new Error("connection lost");
    let looked = false;
    await expect(
      createOnce(
        () => Promise.reject(other),
        async () => {
          looked = true;
          return "theirs";
        },
      ),
    ).rejects.toBe(other);
    expect(looked).toBe(false);
  });

  it("rethrows the violation when there is no winner to read (another unique key failed)", async () => {
    await expect(
      createOnce(
        () => Promise.reject(uniqueViolation),
        () => null,
      ),
    ).rejects.toBe(uniqueViolation);
  });
});

describe("isUniqueViolation", () => {
  it("recognises Prisma's P2002 only", () => {
    expect(isUniqueViolation(uniqueViolation)).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error(), { code: "P2025" }))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});
