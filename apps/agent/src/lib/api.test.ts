import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { call } from "@/test/http";
import { json, route } from "./api";

describe("route declarations", () => {
  const Answer = z.object({ ok: z.literal(true), at: z.date() });

  it("checks an answer against its declared response schema outside production", async () => {
    const good = route({ auth: "none", doc: { summary: "Good", tag: "Test", response: Answer } }, async () => ({ ok: true, at: new Date(0) }));
    expect((await call(good)).body).toEqual({ ok: true, at: "1970-01-01T00:00:00.000Z" });

    const drifted = route({ auth: "none", doc: { summary: "Drifted", tag: "Test", response: Answer } }, async () => ({ ok: false, at: new Date(0) }));
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await call(drifted);
    expect(response.status).toBe(500);
    expect(logged.mock.calls.flat().map(String).join(" ")).toContain('Response of "Drifted" does not match its declared schema');
    logged.mockRestore();
  });

  it("checks an answer made with json() too (a 201 or 202 body)", async () => {
    const good = route({ auth: "none", doc: { summary: "Created", tag: "Test", status: 201, response: Answer } }, async () =>
      json({ ok: true, at: new Date(0) }, 201),
    );
    expect(await call(good)).toMatchObject({ status: 201, body: { ok: true, at: "1970-01-01T00:00:00.000Z" } });

    const drifted = route({ auth: "none", doc: { summary: "Drifted 201", tag: "Test", status: 201, response: Answer } }, async () => json({ ok: false }, 201));
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    expect((await call(drifted)).status).toBe(500);
    expect(logged.mock.calls.flat().map(String).join(" ")).toContain('Response of "Drifted 201" does not match its declared schema');
    logged.mockRestore();
  });

  it("carries its declaration for the API document", () => {
    const declared = route({ role: "ADMIN", doc: { summary: "Admin only", tag: "Test", status: 201 } }, async () => ({}));
    expect(declared.spec).toMatchObject({ auth: "required", role: "ADMIN", doc: { summary: "Admin only", status: 201 } });
  });
});
