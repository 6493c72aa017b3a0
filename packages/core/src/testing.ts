import { randomBytes } from "node:crypto";
import type { PrismaClient, Role } from "@switchyard/database";
import { insertAgent } from "./agents/definitions.ts";
import { createApiKey } from "./tenancy/api-keys.ts";
import type { OrgContext } from "./context.ts";
import { scopedClient } from "./tenancy/scoped-client.ts";

/**
 * A fresh organization for one test: an API key per requested role and one agent, so tests never
 * share rows and tenant isolation can be asserted between two of them.
 */
export async function createTestOrganization(db: PrismaClient, options: { agentSlug?: string; failureRate?: number } = {}) {
  const suffix = randomBytes(4).toString("hex");
  const organization = await db.organization.create({ data: { slug: `test-${suffix}`, name: `Test Org ${suffix}` } });
  const keys = {} as Record<Role, string>;
  for (const role of ["OWNER", "ADMIN", "OPERATOR", "VIEWER"] as const) {
    keys[role] = (await createApiKey(db, { organizationId: organization.id, name: `${role.toLowerCase()} key`, role })).key;
  }
  const agent = await insertAgent(db, {
    organizationId: organization.id,
    slug: options.agentSlug ?? "test-agent",
    name: "Test Agent",
    instructions: "Summarize the input.",
    modelName: "gpt-4o-mini",
    simulation: { failureRate: options.failureRate ?? 0, latencyMs: 10 },
  });
  const ctx = (role: Role = "ADMIN"): OrgContext => ({
    db: scopedClient(db, organization.id),
    organizationId: organization.id,
    actor: { type: "apiKey", id: `test-${role}`, label: `test ${role}`, role },
  });
  return { organization, keys, agent, ctx };
}
