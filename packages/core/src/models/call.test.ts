import { describe, expect, it } from "vitest";
import { isStrictSchema } from "./call.ts";

describe("isStrictSchema", () => {
  it("accepts schemas whose every object is closed and requires all its properties", () => {
    const item = { type: "object", properties: { url: { type: "string" } }, required: ["url"], additionalProperties: false };
    expect(isStrictSchema({ type: "object", properties: { items: { type: "array", items: item } }, required: ["items"], additionalProperties: false })).toBe(
      true,
    );
  });

  it("refuses an optional property, an open object, or either nested deeper", () => {
    expect(isStrictSchema({ type: "object", properties: { a: { type: "string" }, b: { type: "string" } }, required: ["a"], additionalProperties: false })).toBe(
      false,
    );
    expect(isStrictSchema({ type: "object", properties: { a: { type: "string" } }, required: ["a"] })).toBe(false);
    const open = { type: "object", properties: { x: { type: "number" } }, required: ["x"] };
    expect(isStrictSchema({ type: "object", properties: { inner: open }, required: ["inner"], additionalProperties: false })).toBe(false);
  });
});
