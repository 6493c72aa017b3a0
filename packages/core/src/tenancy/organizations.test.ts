import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { verifyPassword } from "better-auth/crypto";
import { createDatabase, type Database } from "@switchyard/database";
import { createTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSetupAvailable, setupOrganization } from "./organizations.ts";

const CORE_DIR = fileURLToPath(new URL("../..", import.meta.url));
const TSX = fileURLToPath(new URL("../../../../node_modules/.bin/tsx", import.meta.url));

function runOrgCreate(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ["scripts/org-create.ts", ...args], {
      cwd: CORE_DIR,
      env: { ...process.env, DATABASE_URL: "", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.stdin.end();
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("first-run setup", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());

  it("lets exactly one of two racing setups through", async () => {
    const body = (slug: string) => ({
      organizationName: slug,
      organizationSlug: slug,
      ownerName: slug,
      ownerEmail: `${slug}@race.test`,
      ownerPassword: "password-123",
    });
    const results = await Promise.allSettled([setupOrganization(db.prisma, body("first")), setupOrganization(db.prisma, body("second"))]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((result) => result.status === "rejected");
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: "not_found" });
    expect(await db.prisma.organization.count()).toBe(1);
    expect(await db.prisma.user.count()).toBe(1);
    expect(await isSetupAvailable(db.prisma)).toBe(false);
  });
});

describe("bun run org:create", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "switchyard-org-create-"));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it("creates the organization and an owner who signs in with the given password; an existing owner joins a second one", async () => {
    const env = { SWITCHYARD_DATA_DIR: dataDir, SWITCHYARD_OWNER_PASSWORD: "owner-password-1", BETTER_AUTH_URL: "https://switchyard.acme.test" };
    const first = await runOrgCreate(["--name", "Acme Corp", "--owner-email", "Ada@Acme.test", "--owner-name", "Ada"], env);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain('Created organization "Acme Corp" (acme-corp)');
    expect(first.output).toContain("sign in: https://switchyard.acme.test/sign-in");
    expect(first.output).not.toContain("owner-password-1");

    const taken = await runOrgCreate(["--name", "Acme Corp", "--owner-email", "ada@acme.test"], env);
    expect(taken.code).toBe(2);
    expect(taken.output).toContain('The slug "acme-corp" is taken');
    const second = await runOrgCreate(["--name", "Beta", "--slug", "beta", "--owner-email", "ada@acme.test"], { SWITCHYARD_DATA_DIR: dataDir });
    expect(second.code, second.output).toBe(0);
    expect(second.output).toContain("existing account, password unchanged");
    expect((await runOrgCreate(["--owner-email", "x@y.test"], env)).code).toBe(2);

    const db = await createDatabase({ dataDir });
    try {
      const user = await db.prisma.user.findUniqueOrThrow({
        where: { email: "ada@acme.test" },
        include: { accounts: true, memberships: { include: { organization: true }, orderBy: { createdAt: "asc" } } },
      });
      expect(user.name).toBe("Ada");
      expect(user.memberships.map((m) => [m.organization.slug, m.role])).toEqual([
        ["acme-corp", "OWNER"],
        ["beta", "OWNER"],
      ]);
      expect(await verifyPassword({ hash: user.accounts[0]?.password ?? "", password: "owner-password-1" })).toBe(true);
      const audit = await db.prisma.auditLog.findMany({ where: { action: "organization.created" } });
      expect(audit.map((entry) => [entry.actorType, entry.targetLabel])).toEqual(
        expect.arrayContaining([
          ["cli", "Acme Corp"],
          ["cli", "Beta"],
        ]),
      );
    } finally {
      await db.close();
    }
  });
});
