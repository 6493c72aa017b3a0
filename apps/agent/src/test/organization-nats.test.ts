import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listAudit } from "@/app/api/audit/route";
import { GET as getOrganization, PATCH as updateOrganization } from "@/app/api/organization/route";
import { call } from "./http";

describe("PATCH /api/organization: the NATS bridge switch", () => {
  let db: Database;
  beforeAll(async () => {
    db = await useTestDatabase();
  });
  afterAll(async () => db?.close());

  it("lets an admin switch the bridge on and off, audited once per change; others may not", async () => {
    const org = await createTestOrganization(db.prisma);
    expect((await call(getOrganization, { key: org.keys.VIEWER })).body.organization).toMatchObject({ natsBridgeEnabled: false });

    const on = await call(updateOrganization, { method: "PATCH", key: org.keys.ADMIN, body: { natsBridgeEnabled: true } });
    expect(on.status).toBe(200);
    expect(on.body.organization).toMatchObject({ id: org.organization.id, natsBridgeEnabled: true, name: org.organization.name });
    // The same value again changes nothing and records nothing.
    expect((await call(updateOrganization, { method: "PATCH", key: org.keys.ADMIN, body: { natsBridgeEnabled: true } })).status).toBe(200);
    await call(updateOrganization, { method: "PATCH", key: org.keys.OWNER, body: { natsBridgeEnabled: false, name: "Renamed" } });

    expect((await call(updateOrganization, { method: "PATCH", key: org.keys.OPERATOR, body: { natsBridgeEnabled: true } })).status).toBe(403);
    const invalid = await call(updateOrganization, { method: "PATCH", key: org.keys.ADMIN, body: { natsBridgeEnabled: "yes" } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({ code: "validation_failed", details: [{ path: "natsBridgeEnabled" }] });
    expect((await call(updateOrganization, { method: "PATCH", key: org.keys.ADMIN, body: {} })).status).toBe(400);

    expect((await db.prisma.organization.findUniqueOrThrow({ where: { id: org.organization.id } })).natsBridgeEnabled).toBe(false);
    const audit = await call(listAudit, { key: org.keys.ADMIN, path: "/api/audit?targetType=organization" });
    const entries: { action: string }[] = audit.body.entries;
    // The rename and the switch-off share one transaction (and its timestamp), so only the first is ordered.
    expect(entries.map((entry) => entry.action).sort()).toEqual([
      "organization.nats_bridge_disabled",
      "organization.nats_bridge_enabled",
      "organization.renamed",
    ]);
    expect(entries.at(-1)).toMatchObject({
      action: "organization.nats_bridge_enabled",
      actorType: "apiKey",
      before: { natsBridgeEnabled: false },
      after: { natsBridgeEnabled: true },
    });
  });
});
