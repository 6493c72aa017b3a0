import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PATCH as updateMember, DELETE as removeMember } from "@/app/api/members/[id]/route";
import { GET as listMembers } from "@/app/api/members/route";
import { DELETE as revokeInvitation } from "@/app/api/invitations/[id]/route";
import { GET as listInvitations, POST as invite } from "@/app/api/invitations/route";
import { POST as acceptInvite } from "@/app/api/invite/[token]/accept/route";
import { GET as describeInvite } from "@/app/api/invite/[token]/route";
import { POST as revokeKey } from "@/app/api/api-keys/[id]/revoke/route";
import { POST as rotateKey } from "@/app/api/api-keys/[id]/rotate/route";
import { GET as listKeys, POST as createKey } from "@/app/api/api-keys/route";
import { GET as listAudit } from "@/app/api/audit/route";
import { POST as authPost } from "@/app/api/auth/[...all]/route";
import { GET as listRuns } from "@/app/api/live/runs/route";
import { GET as getOrganization, PATCH as renameOrganization } from "@/app/api/organization/route";
import { GET as listOrganizations } from "@/app/api/organizations/route";
import { PUT as switchOrganization } from "@/app/api/session/organization/route";
import { GET as setupStatus, POST as setup } from "@/app/api/setup/route";
import { call } from "./http";

const OWNER = { email: "owner@acme.test", password: "correct horse battery", name: "Olive Owner" };

/** Signs in through better-auth's real handler and returns the session cookie header. */
async function signIn(email: string, password: string): Promise<string> {
  const response = await authPost(
    new Request("http://localhost/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost" },
      body: JSON.stringify({ email, password }),
    }),
    { params: Promise.resolve({}) },
  );
  expect(response.status, await response.clone().text()).toBe(200);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

const tokenOf = (url: string) => new URL(url).pathname.split("/").at(-1) ?? "";

// An installation created from nothing (no demo): setup, sign-in, keys, members, invitations, audit.
describe("adoption: an organization from nothing", () => {
  let db: Database;
  let ownerCookie: string;
  let organizationId: string;
  let smtp: SMTPServer;
  const mails: string[] = [];

  beforeAll(async () => {
    db = await useTestDatabase();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, callback) {
        let text = "";
        stream.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        stream.on("end", () => {
          // Quoted-printable: undo the soft line breaks and escaped "=" a long URL gets.
          mails.push(text.replace(/=\r?\n/g, "").replace(/=3D/g, "="));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await db?.close();
  });

  it("sets up the first organization once, then answers 404", async () => {
    expect((await call(setupStatus)).body).toEqual({ available: true });
    const invalid = await call(setup, {
      method: "POST",
      body: { organizationName: "Acme", organizationSlug: "Not a slug!", ownerName: "", ownerEmail: "nope", ownerPassword: "short" },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["organizationSlug", "ownerEmail", "ownerName", "ownerPassword"]);
    expect(await db.prisma.organization.count()).toBe(0);

    const created = await call(setup, {
      method: "POST",
      body: { organizationName: "Acme", organizationSlug: "acme", ownerName: OWNER.name, ownerEmail: OWNER.email.toUpperCase(), ownerPassword: OWNER.password },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ organization: { slug: "acme", name: "Acme" }, user: { email: OWNER.email } });
    organizationId = created.body.organization.id;

    expect((await call(setupStatus)).body).toEqual({ available: false });
    const again = await call(setup, {
      method: "POST",
      body: { organizationName: "Evil", organizationSlug: "evil", ownerName: "E", ownerEmail: "e@evil.test", ownerPassword: "password123" },
    });
    expect(again.status).toBe(404);
    expect(await db.prisma.organization.count()).toBe(1);
  });

  it("signs the owner in and answers for their organization only", async () => {
    ownerCookie = await signIn(OWNER.email, OWNER.password);
    const me = await call(getOrganization, { headers: { cookie: ownerCookie } });
    expect(me.body.organization).toMatchObject({ id: organizationId, slug: "acme" });
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: OWNER.email } });
    expect(user.lastSignInAt).toBeInstanceOf(Date);
  });

  it("creates an API key shown once that works on the runs list, and revokes it at once", async () => {
    const created = await call(createKey, { method: "POST", headers: { cookie: ownerCookie }, body: { name: "CI", role: "OPERATOR" } });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^sy_/);
    expect(created.body.apiKey).toMatchObject({ name: "CI", role: "OPERATOR", prefix: key.slice(0, 8), createdByLabel: OWNER.name });
    const stored = await db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.body.apiKey.id } });
    expect(JSON.stringify(stored)).not.toContain(key);

    const runs = await call(listRuns, { path: "/api/live/runs", key });
    expect(runs.status).toBe(200);
    expect(runs.body.runs).toEqual([]);

    const listed = await call(listKeys, { headers: { cookie: ownerCookie } });
    expect(listed.body.apiKeys).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(key);
    // An operator key manages no keys.
    expect((await call(createKey, { method: "POST", key, body: { name: "x", role: "VIEWER" } })).status).toBe(403);

    const revoked = await call(revokeKey, { method: "POST", params: { id: created.body.apiKey.id }, headers: { cookie: ownerCookie } });
    expect(revoked.status).toBe(200);
    expect(revoked.body.apiKey.revokedAt).not.toBeNull();
    const refused = await call(listRuns, { path: "/api/live/runs", key });
    expect(refused.status).toBe(401);
    expect((await call(revokeKey, { method: "POST", params: { id: created.body.apiKey.id }, headers: { cookie: ownerCookie } })).status).toBe(409);
  });

  it("rotates a key: the new one works, the old one only until the grace period ends", async () => {
    const created = await call(createKey, { method: "POST", headers: { cookie: ownerCookie }, body: { name: "Deploy", role: "ADMIN" } });
    const rotated = await call(rotateKey, {
      method: "POST",
      params: { id: created.body.apiKey.id },
      headers: { cookie: ownerCookie },
      body: { graceHours: 24 },
    });
    expect(rotated.status).toBe(201);
    expect(rotated.body.key).not.toBe(created.body.key);
    const graceEnd = Date.parse(rotated.body.previous.expiresAt);
    expect(graceEnd - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    expect((await call(listRuns, { path: "/api/live/runs", key: created.body.key })).status).toBe(200);
    expect((await call(listRuns, { path: "/api/live/runs", key: rotated.body.key })).status).toBe(200);

    const immediate = await call(rotateKey, {
      method: "POST",
      params: { id: rotated.body.apiKey.id },
      headers: { cookie: ownerCookie },
      body: { graceHours: 0 },
    });
    expect(immediate.status).toBe(201);
    expect((await call(listRuns, { path: "/api/live/runs", key: rotated.body.key })).status).toBe(401);
    expect((await call(listRuns, { path: "/api/live/runs", key: immediate.body.key })).status).toBe(200);
  });

  it("invites by a single-use link (mailed when SMTP is set) and the invitee joins with a password", async () => {
    process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    const invited = await call(invite, {
      method: "POST",
      path: "/api/invitations",
      headers: { cookie: ownerCookie },
      body: { email: "Vera@Acme.test", role: "OPERATOR" },
    });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ invitation: { email: "vera@acme.test", role: "OPERATOR" }, emailed: true });
    const url: string = invited.body.url;
    expect(url).toMatch(/^http:\/\/localhost\/invite\//);
    expect(mails.at(-1)).toContain(url);
    const token = tokenOf(url);

    const pending = await call(listInvitations, { headers: { cookie: ownerCookie } });
    expect(pending.body.invitations.map((i: { email: string }) => i.email)).toEqual(["vera@acme.test"]);
    expect(JSON.stringify(pending.body)).not.toContain(token);

    const described = await call(describeInvite, { params: { token } });
    expect(described.body.invitation).toMatchObject({ email: "vera@acme.test", role: "OPERATOR", organization: { name: "Acme" }, hasAccount: false });
    expect((await call(acceptInvite, { method: "POST", params: { token }, body: { name: "Vera" } })).status).toBe(400);

    const accepted = await call(acceptInvite, { method: "POST", params: { token }, body: { name: "Vera", password: "vera-password-1" } });
    expect(accepted.status).toBe(201);
    expect(accepted.body.accepted).toMatchObject({ organizationId, role: "OPERATOR", isNewUser: true });
    const veraCookie = await signIn("vera@acme.test", "vera-password-1");
    expect((await call(getOrganization, { headers: { cookie: veraCookie } })).body.organization.id).toBe(organizationId);

    const reused = await call(acceptInvite, { method: "POST", params: { token }, body: { name: "Mallory", password: "mallory-password" } });
    expect(reused.status).toBe(410);
    expect((await call(describeInvite, { params: { token } })).status).toBe(410);
    expect((await call(describeInvite, { params: { token: "x".repeat(43) } })).status).toBe(404);
  });

  it("refuses expired and withdrawn invitations with 410", async () => {
    const expired = await call(invite, { method: "POST", headers: { cookie: ownerCookie }, body: { email: "late@acme.test", role: "VIEWER" } });
    await db.prisma.invitation.update({ where: { id: expired.body.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const late = await call(acceptInvite, { method: "POST", params: { token: tokenOf(expired.body.url) }, body: { name: "Late", password: "late-password" } });
    expect(late.status).toBe(410);
    expect(late.body.error.message).toMatch(/expired/);

    const withdrawn = await call(invite, { method: "POST", headers: { cookie: ownerCookie }, body: { email: "nope@acme.test", role: "VIEWER" } });
    expect((await call(revokeInvitation, { method: "DELETE", params: { id: withdrawn.body.invitation.id }, headers: { cookie: ownerCookie } })).status).toBe(
      204,
    );
    expect((await call(describeInvite, { params: { token: tokenOf(withdrawn.body.url) } })).status).toBe(410);
  });

  it("keeps the last owner: 409 for removing or demoting them", async () => {
    const members = await call(listMembers, { headers: { cookie: ownerCookie } });
    expect(members.status).toBe(200);
    const owner = members.body.members.find((m: { email: string }) => m.email === OWNER.email);
    expect(owner).toMatchObject({ role: "OWNER", isYou: true, canManage: false, lockedReason: expect.stringMatching(/last owner/) });
    expect(members.body.assignableRoles).toEqual(["OWNER", "ADMIN", "OPERATOR", "VIEWER"]);

    const removed = await call(removeMember, { method: "DELETE", params: { id: owner.id }, headers: { cookie: ownerCookie } });
    expect(removed.status).toBe(409);
    expect(removed.body.error.message).toMatch(/last owner/);
    const demoted = await call(updateMember, { method: "PATCH", params: { id: owner.id }, headers: { cookie: ownerCookie }, body: { role: "ADMIN" } });
    expect(demoted.status).toBe(409);
    expect(await db.prisma.membership.findUniqueOrThrow({ where: { id: owner.id } })).toMatchObject({ role: "OWNER" });
  });

  it("lets an admin manage everyone but owners", async () => {
    const vera = (await call(listMembers, { headers: { cookie: ownerCookie } })).body.members.find((m: { email: string }) => m.email === "vera@acme.test");
    expect((await call(updateMember, { method: "PATCH", params: { id: vera.id }, headers: { cookie: ownerCookie }, body: { role: "ADMIN" } })).status).toBe(
      200,
    );
    const veraCookie = await signIn("vera@acme.test", "vera-password-1");

    const asAdmin = await call(listMembers, { headers: { cookie: veraCookie } });
    expect(asAdmin.body.assignableRoles).toEqual(["ADMIN", "OPERATOR", "VIEWER"]);
    const owner = asAdmin.body.members.find((m: { role: string }) => m.role === "OWNER");
    expect(owner.canManage).toBe(false);
    expect((await call(updateMember, { method: "PATCH", params: { id: owner.id }, headers: { cookie: veraCookie }, body: { role: "VIEWER" } })).status).toBe(
      403,
    );
    expect((await call(removeMember, { method: "DELETE", params: { id: owner.id }, headers: { cookie: veraCookie } })).status).toBe(403);
    expect((await call(updateMember, { method: "PATCH", params: { id: vera.id }, headers: { cookie: veraCookie }, body: { role: "OWNER" } })).status).toBe(403);
    expect((await call(invite, { method: "POST", headers: { cookie: veraCookie }, body: { email: "boss@acme.test", role: "OWNER" } })).status).toBe(403);
    expect((await call(createKey, { method: "POST", headers: { cookie: veraCookie }, body: { name: "x", role: "OWNER" } })).status).toBe(403);

    const renamed = await call(renameOrganization, { method: "PATCH", headers: { cookie: veraCookie }, body: { name: "Acme Inc" } });
    expect(renamed.body.organization.name).toBe("Acme Inc");
  });

  it("records every administrative action in the audit log, newest first, with filters and paging", async () => {
    const all = await call(listAudit, { path: "/api/audit?limit=200", headers: { cookie: ownerCookie } });
    expect(all.status).toBe(200);
    const actions = all.body.entries.map((e: { action: string }) => e.action);
    for (const action of [
      "organization.created",
      "organization.renamed",
      "member.invited",
      "member.invitation_revoked",
      "member.joined",
      "member.role_changed",
      "api_key.created",
      "api_key.revoked",
      "api_key.rotated",
    ]) {
      expect(actions).toContain(action);
    }
    expect(actions.at(-1)).toBe("organization.created");
    const renamed = all.body.entries.find((e: { action: string }) => e.action === "organization.renamed");
    expect(renamed).toMatchObject({ actorLabel: "Vera", before: { name: "Acme" }, after: { name: "Acme Inc" } });

    const keys = await call(listAudit, { path: "/api/audit?targetType=api_key", headers: { cookie: ownerCookie } });
    expect(keys.body.entries.every((e: { targetType: string }) => e.targetType === "api_key")).toBe(true);

    const first = await call(listAudit, { path: "/api/audit?limit=3", headers: { cookie: ownerCookie } });
    const second = await call(listAudit, { path: `/api/audit?limit=3&cursor=${first.body.nextCursor}`, headers: { cookie: ownerCookie } });
    expect([...first.body.entries, ...second.body.entries].map((e: { id: string }) => e.id)).toEqual(
      all.body.entries.slice(0, 6).map((e: { id: string }) => e.id),
    );
    expect((await call(listAudit, { path: "/api/audit?action=nope", headers: { cookie: ownerCookie } })).status).toBe(400);
  });

  it("lets a member of two organizations switch; each answers for the active one only", async () => {
    const other = await createTestOrganization(db.prisma);
    const otherOwner = await call(invite, { method: "POST", key: other.keys.OWNER, body: { email: OWNER.email, role: "VIEWER" } });
    expect(otherOwner.status).toBe(201);
    const token = tokenOf(otherOwner.body.url);
    expect((await call(describeInvite, { params: { token } })).body.invitation.hasAccount).toBe(true);
    // An account exists for the email: only its signed-in owner may accept.
    expect((await call(acceptInvite, { method: "POST", params: { token }, body: { name: "X", password: "whatever-123" } })).status).toBe(401);
    const joined = await call(acceptInvite, { method: "POST", params: { token }, headers: { cookie: ownerCookie } });
    expect(joined.status).toBe(201);

    const listed = await call(listOrganizations, { headers: { cookie: ownerCookie } });
    expect(listed.body.organizations.map((o: { id: string; isActive: boolean }) => [o.id, o.isActive])).toEqual([
      [organizationId, true],
      [other.organization.id, false],
    ]);
    const switched = await call(switchOrganization, { method: "PUT", headers: { cookie: ownerCookie }, body: { organizationId: other.organization.id } });
    expect(switched.status).toBe(200);
    expect((await call(getOrganization, { headers: { cookie: ownerCookie } })).body.organization.id).toBe(other.organization.id);
    // A viewer there: the management APIs refuse.
    expect((await call(listMembers, { headers: { cookie: ownerCookie } })).status).toBe(403);

    const foreign = await createTestOrganization(db.prisma);
    expect(
      (await call(switchOrganization, { method: "PUT", headers: { cookie: ownerCookie }, body: { organizationId: foreign.organization.id } })).status,
    ).toBe(404);
    expect((await call(switchOrganization, { method: "PUT", key: other.keys.OWNER, body: { organizationId } })).status).toBe(400);
    expect((await call(switchOrganization, { method: "PUT", body: { organizationId } })).status).toBe(401);

    await call(switchOrganization, { method: "PUT", headers: { cookie: ownerCookie }, body: { organizationId } });
    expect((await call(getOrganization, { headers: { cookie: ownerCookie } })).body.organization.id).toBe(organizationId);
  });
});

// Organization B's credentials on A's ids: 404, and none of A's rows in B's lists.
describe("adoption endpoints across tenants", () => {
  let db: Database;
  let a: Awaited<ReturnType<typeof createTestOrganization>>;
  let b: Awaited<ReturnType<typeof createTestOrganization>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await useTestDatabase();
    a = await createTestOrganization(db.prisma);
    b = await createTestOrganization(db.prisma);
    const user = await db.prisma.user.create({ data: { id: "user-a", email: "a@a.test", name: "A" } });
    ids.member = (await db.prisma.membership.create({ data: { organizationId: a.organization.id, userId: user.id, role: "ADMIN" } })).id;
    ids.key = (await call(createKey, { method: "POST", key: a.keys.ADMIN, body: { name: "A's key", role: "VIEWER" } })).body.apiKey.id;
    ids.invitation = (await call(invite, { method: "POST", key: a.keys.ADMIN, body: { email: "new@a.test", role: "VIEWER" } })).body.invitation.id;
  });
  afterAll(async () => db?.close());

  it("B gets 404 on A's member, key and invitation ids, and A's rows stay as they were", async () => {
    const asB = { key: b.keys.OWNER };
    const attempts = [
      call(updateMember, { method: "PATCH", params: { id: ids.member }, body: { role: "VIEWER" }, ...asB }),
      call(removeMember, { method: "DELETE", params: { id: ids.member }, ...asB }),
      call(revokeKey, { method: "POST", params: { id: ids.key }, ...asB }),
      call(rotateKey, { method: "POST", params: { id: ids.key }, body: {}, ...asB }),
      call(revokeInvitation, { method: "DELETE", params: { id: ids.invitation }, ...asB }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.status).toBe(404);
    expect(await db.prisma.membership.findUniqueOrThrow({ where: { id: ids.member } })).toMatchObject({ role: "ADMIN" });
    expect(await db.prisma.apiKey.findUniqueOrThrow({ where: { id: ids.key } })).toMatchObject({ revokedAt: null, rotatedToId: null });
    expect(await db.prisma.invitation.findUniqueOrThrow({ where: { id: ids.invitation } })).toMatchObject({ revokedAt: null });
  });

  it("B's lists hold none of A's rows", async () => {
    const asB = { key: b.keys.OWNER };
    const members = await call(listMembers, asB);
    expect(members.body.members).toEqual([]);
    const keys = await call(listKeys, asB);
    expect(keys.body.apiKeys.map((k: { id: string }) => k.id)).not.toContain(ids.key);
    expect((await call(listInvitations, asB)).body.invitations).toEqual([]);
    const audit = await call(listAudit, asB);
    expect(audit.body.entries).toEqual([]);
    expect((await call(getOrganization, asB)).body.organization.id).toBe(b.organization.id);
    expect((await call(listOrganizations, asB)).body.organizations.map((o: { id: string }) => o.id)).toEqual([b.organization.id]);
    expect((await call(renameOrganization, { method: "PATCH", body: { name: "B renamed" }, ...asB })).body.organization.id).toBe(b.organization.id);
    expect((await db.prisma.organization.findUniqueOrThrow({ where: { id: a.organization.id } })).name).toBe(a.organization.name);
  });

  it("a viewer key gets 403 on every management endpoint", async () => {
    const asViewer = { key: a.keys.VIEWER };
    const attempts = [
      call(createKey, { method: "POST", body: { name: "x", role: "VIEWER" }, ...asViewer }),
      call(listKeys, asViewer),
      call(listMembers, asViewer),
      call(invite, { method: "POST", body: { email: "x@a.test", role: "VIEWER" }, ...asViewer }),
      call(listAudit, asViewer),
      call(renameOrganization, { method: "PATCH", body: { name: "x" }, ...asViewer }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.status).toBe(403);
  });
});
