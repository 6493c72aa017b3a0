import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startAppServer, type AppServer } from "./server";
import { DEMO, launchChromium, RESULTS_DIR, signedInPage, until } from "./support";

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function newPage(baseUrl: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 900 } });
  return context.newPage();
}

/** Fills the inputs named in `values` (they are controlled or plain; typing works for both). */
async function fill(page: Page, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) await page.locator(`input[name="${name}"]`).fill(value);
}

// A team installing Switchyard for itself: a brand-new installation without the demo.
describe("an installation from nothing (SWITCHYARD_DEMO=0)", () => {
  let server: AppServer;
  let owner: Page;

  beforeAll(async () => {
    server = await startAppServer(join(RESULTS_DIR, "e2e-server-fresh.log"), { SWITCHYARD_DEMO: "0", DATABASE_URL: "" });
    owner = await newPage(server.baseUrl);
  }, 150_000);
  afterAll(async () => server?.stop());

  it("first-run setup creates the organization and signs its owner in; then /setup is gone", async () => {
    await owner.goto("/sign-in");
    await owner.getByRole("link", { name: "Set up your organization" }).click();
    await owner.waitForURL("**/setup");
    await fill(owner, { organizationName: "Acme Robotics", ownerName: "Olive Owner", ownerEmail: "olive@acme.test", ownerPassword: "short" });
    // The slug follows the name until edited.
    await expect.poll(() => owner.locator('input[name="organizationSlug"]').inputValue()).toBe("acme-robotics");
    await until(
      owner,
      async () => (await owner.getByText("Use at least 8 characters").count()) > 0,
      () => owner.getByRole("button", { name: "Create organization" }).click(),
      "the password error",
    );
    await owner.screenshot({ path: join(RESULTS_DIR, "setup-error.png"), fullPage: true });

    await fill(owner, { ownerPassword: "olive-password-1" });
    await owner.getByRole("button", { name: "Create organization" }).click();
    await owner.waitForURL("**/settings/members", { timeout: 30_000 });
    await owner.getByTestId("member-olive@acme.test").waitFor();
    await expect(owner.getByTestId("active-organization").textContent()).resolves.toBe("Acme Robotics");
    await owner.screenshot({ path: join(RESULTS_DIR, "settings-members.png"), fullPage: true });

    expect((await fetch(`${server.baseUrl}/setup`)).status).toBe(404);
    expect((await (await fetch(`${server.baseUrl}/api/setup`)).json()).available).toBe(false);
  });

  it("an API key is shown once, works on the runs list, and is refused at once after revoking", async () => {
    await owner.goto("/settings/api-keys");
    await owner.getByText("No API keys yet").waitFor();
    await fill(owner, { name: "CI pipeline" });
    await owner.locator('select[name="role"]').selectOption("OPERATOR");
    await owner.getByRole("button", { name: "Create key" }).click();
    const secret = owner.getByTestId("secret-value");
    await secret.waitFor();
    const key = (await secret.textContent()) ?? "";
    expect(key).toMatch(/^sy_/);
    const row = owner.getByTestId("api-key-CI pipeline");
    await expect(row.textContent()).resolves.toContain(`${key.slice(0, 8)}…`);

    const runs = await fetch(`${server.baseUrl}/api/live/runs`, { headers: { authorization: `Bearer ${key}` } });
    expect(runs.status).toBe(200);
    expect((await runs.json()).runs).toEqual([]);
    await owner.screenshot({ path: join(RESULTS_DIR, "settings-api-keys.png"), fullPage: true });

    await row.getByRole("button", { name: "Revoke" }).click();
    await expect.poll(() => row.textContent()).toContain("Revoked");
    expect((await fetch(`${server.baseUrl}/api/live/runs`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
  });

  it("an invited member opens the link, sets a password and lands in the organization", async () => {
    await owner.goto("/settings/members");
    await fill(owner, { email: "vera@acme.test" });
    await owner.locator('select[name="role"]').selectOption("OPERATOR");
    await owner.getByRole("button", { name: "Invite", exact: true }).click();
    const link = (await owner.getByTestId("secret-value").textContent()) ?? "";
    expect(link).toMatch(/\/invite\//);
    await owner.getByTestId("invitation-vera@acme.test").waitFor();

    const invitee = await newPage(server.baseUrl);
    await invitee.goto(link);
    await invitee.getByRole("heading", { name: "Join Acme Robotics" }).waitFor();
    await fill(invitee, { name: "Vera Operator", password: "vera-password-1" });
    await invitee.screenshot({ path: join(RESULTS_DIR, "invite-accept.png"), fullPage: true });
    await invitee.getByRole("button", { name: "Join Acme Robotics" }).click();
    await invitee.waitForURL("**/observe", { timeout: 30_000 });
    await expect(invitee.getByTestId("current-user").textContent()).resolves.toBe("Vera Operator");
    // An operator sees no settings.
    expect(await invitee.getByRole("link", { name: "Settings" }).count()).toBe(0);

    // The link was single-use.
    const again = await newPage(server.baseUrl);
    await again.goto(link);
    await again.getByText("This invitation has already been used").waitFor();
    await owner.goto("/settings/audit");
    await owner.getByRole("cell", { name: "member.joined" }).waitFor();
    await owner.screenshot({ path: join(RESULTS_DIR, "settings-audit.png"), fullPage: true });
  });
});

describe("a member of two organizations", () => {
  const baseUrl = inject("baseUrl");

  it("switches organization from the header; each answers for itself only", async () => {
    // A second organization on the demo installation, whose owner invites the demo admin.
    const created = await fetch(`${baseUrl}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        organizationName: "Beta Labs",
        organizationSlug: "beta-labs",
        ownerName: "Bo",
        ownerEmail: "bo@beta.test",
        ownerPassword: "bo-password-1",
      }),
    });
    expect(created.status).toBe(201);
    const signIn = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseUrl },
      body: JSON.stringify({ email: "bo@beta.test", password: "bo-password-1" }),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .map((header) => header.split(";")[0])
      .join("; ");
    const invitation = await fetch(`${baseUrl}/api/invitations`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ email: DEMO.adminEmail, role: "ADMIN" }),
    });
    const { url } = (await invitation.json()) as { url: string };

    const page = await signedInPage(browser, baseUrl, DEMO.adminEmail, "/observe");
    try {
      await page.goto(url);
      await page.getByRole("button", { name: "Join Beta Labs" }).click();
      await page.waitForURL("**/observe", { timeout: 30_000 });
      const switcher = page.getByTestId("organization-switcher");
      await expect.poll(() => switcher.locator("option:checked").textContent()).toContain("Beta Labs");
      await page.getByRole("heading", { name: "No runs yet" }).waitFor();
      await page.screenshot({ path: join(RESULTS_DIR, "organization-switch-beta.png"), fullPage: true });

      await switcher.selectOption({ label: "Acme Research · owner" });
      await expect.poll(() => switcher.locator("option:checked").textContent(), { timeout: 15_000 }).toContain("Acme Research");
      await page.getByTestId("run-link").first().waitFor();
    } finally {
      // The demo admin's session is shared by every browser test: leave it in the demo organization.
      const organizations = await page.evaluate(() => fetch("/api/organizations").then((response) => response.json()));
      const demo = (organizations as { organizations: { id: string; slug: string }[] }).organizations.find((organization) => organization.slug === "demo");
      await page.evaluate(
        (id) =>
          fetch("/api/session/organization", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ organizationId: id }) }),
        demo?.id,
      );
      await page.context().close();
    }
  });
});
