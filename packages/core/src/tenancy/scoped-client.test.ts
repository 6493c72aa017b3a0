import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestOrganization } from "../testing.ts";
import { scopedClient, TENANT_MODELS } from "./scoped-client.ts";

const SCHEMA = readFileSync(fileURLToPath(new URL("../../../../prisma/schema.prisma", import.meta.url)), "utf8");

describe("the organization-scoped client", () => {
  let db: Database;
  let a: Awaited<ReturnType<typeof createTestOrganization>>;
  let b: Awaited<ReturnType<typeof createTestOrganization>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await createTestOrganization(db.prisma, { agentSlug: "a-agent" });
    b = await createTestOrganization(db.prisma, { agentSlug: "b-agent" });
  });
  afterAll(async () => db?.close());

  it("covers every model with a required organizationId", () => {
    const owned = [...SCHEMA.matchAll(/^model (\w+) \{([^}]*)\}/gm)]
      .filter(([, , body]) => /^\s*organizationId\s+String\s/m.test(body))
      .map(([, name]) => name);
    expect([...TENANT_MODELS].sort()).toEqual(owned.sort());
  });

  it("reads only the organization's rows, even when the where forgets it", async () => {
    const scoped = scopedClient(db.prisma, a.organization.id);
    expect((await scoped.agent.findMany()).map((agent) => agent.slug)).toEqual(["a-agent"]);
    expect(await scoped.agent.count()).toBe(1);
    expect(await scoped.agent.findUnique({ where: { id: b.agent.id } })).toBeNull();
    expect(await scoped.agent.findFirst({ where: { slug: "b-agent" } })).toBeNull();
    expect(await scoped.apiKey.groupBy({ by: ["organizationId"], _count: { _all: true } })).toEqual([
      { organizationId: a.organization.id, _count: { _all: 4 } },
    ]);
    // The same inside an interactive transaction.
    expect(await scoped.$transaction((tx) => tx.agent.findUnique({ where: { id: b.agent.id } }))).toBeNull();
  });

  it("writes only the organization's rows and stamps what it creates", async () => {
    const scoped = scopedClient(db.prisma, a.organization.id);
    await expect(scoped.agent.update({ where: { id: b.agent.id }, data: { name: "hijacked" } })).rejects.toMatchObject({ code: "P2025" });
    expect((await scoped.agent.updateMany({ data: { description: "mine" } })).count).toBe(1);
    expect(await db.prisma.agent.findUniqueOrThrow({ where: { id: b.agent.id } })).toMatchObject({ name: "Test Agent", description: null });

    const created = await scoped.agent.create({ data: { slug: "stamped", name: "Stamped", instructions: "x", modelName: "m" } as never });
    expect(created.organizationId).toBe(a.organization.id);
    await expect(
      scoped.agent.create({ data: { organizationId: b.organization.id, slug: "smuggled", name: "S", instructions: "x", modelName: "m" } }),
    ).rejects.toThrow(/another organization/);
    expect(await db.prisma.agent.count({ where: { slug: "smuggled" } })).toBe(0);
  });
});
