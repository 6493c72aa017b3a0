import { join } from "node:path";
import { startFakeModelServer, type FakeModelServer } from "@switchyard/core/models/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO, launchChromium, RESULTS_DIR, signedInPage, until } from "./support";

const baseUrl = inject("baseUrl");

let browser: Browser;
let page: Page;
let server: FakeModelServer;

beforeAll(async () => {
  // A local OpenAI-compatible server, as an Ollama or vLLM on the same machine would be.
  server = await startFakeModelServer({ models: ["llama3.1:8b", "qwen2.5:7b"] });
  browser = await launchChromium();
  page = await signedInPage(browser, baseUrl, DEMO.adminEmail, "/settings/models");
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const field = (name: string) => page.locator(`[name="${name}"]`);

describe("/settings/models", () => {
  it("an admin adds a local server, fetches its models and tests the connection", async () => {
    const card = page.getByTestId("provider-Local test server");
    const add = page.getByRole("button", { name: "Add provider" });
    // The button is live once React has hydrated the form: what is typed from then on stays.
    await expect.poll(() => add.isEnabled()).toBe(true);
    await field("new-provider-name").fill("Local test server");
    await field("new-provider-baseUrl").fill(server.baseUrl);
    await field("new-provider-apiKey").fill("sk-e2e-local");
    await add.click();
    await card.waitFor();
    // Saved: the form is empty again for the next one.
    await expect.poll(() => field("new-provider-name").inputValue()).toBe("");
    // Write-only: the key is stored, never shown.
    await expect(card.textContent()).resolves.toContain("Stored (encrypted)");
    expect(await page.content()).not.toContain("sk-e2e-local");

    await card.getByRole("button", { name: "Fetch models" }).click();
    const models = card.getByRole("list", { name: "Models of Local test server" });
    await expect.poll(() => models.textContent()).toBe("llama3.1:8bqwen2.5:7b");

    await card.getByLabel("Test with model").selectOption("qwen2.5:7b");
    await card.getByRole("button", { name: "Test connection" }).click();
    const result = page.getByTestId("test-result-Local test server");
    await expect.poll(() => result.textContent(), { timeout: 15_000 }).toMatch(/^Connected · \d+ ms · qwen2\.5:7b/);
    expect(server.requests.filter((request) => request.path === "/v1/chat/completions").at(-1)?.headers.authorization).toBe("Bearer sk-e2e-local");
    await page.screenshot({ path: join(RESULTS_DIR, "settings-models.png"), fullPage: true });
  });

  it("an agent picks the provider and one of its models, and its runs call that server", async () => {
    await page.goto("/agents/new");
    const provider = field("provider");
    await provider.locator("option", { hasText: "Local test server (openai-compatible)" }).waitFor({ state: "attached" });
    await until(
      page,
      async () => (await field("slug").inputValue()) === "local-summarizer",
      () => field("name").fill("Local summarizer"),
      "the slug derived from the name",
    );
    await field("instructions").fill("Summarize the input in one sentence.");
    await provider.selectOption({ label: "Local test server (openai-compatible)" });
    // The model field offers the provider's fetched models.
    await expect
      .poll(() => page.locator("#provider-models option").evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value)))
      .toEqual(["llama3.1:8b", "qwen2.5:7b"]);
    await field("modelName").fill("llama3.1:8b");
    await field("timeoutSeconds").fill("60");
    await page.screenshot({ path: join(RESULTS_DIR, "agents-new-provider.png"), fullPage: true });
    await page.getByRole("button", { name: "Create agent" }).click();
    await page.waitForURL("**/agents/local-summarizer");
    const definition = page.getByTestId("agent-definition");
    await expect(definition.textContent()).resolves.toMatch(/Local test server \(openai-compatible\).*llama3\.1:8b.*model.*60s/);

    // A run of the agent goes to the local server with the chosen model.
    const started = await fetch(`${baseUrl}/api/runs`, {
      method: "POST",
      headers: { authorization: `Bearer ${DEMO.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ kind: "agent", slug: "local-summarizer", input: { prompt: "Ping" } }),
    });
    expect(started.status).toBe(202);
    const { runId: id } = (await started.json()) as { runId: string };
    const runOf = async () => {
      const response = await fetch(`${baseUrl}/api/runs/agent/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${DEMO.apiKey}` } });
      return ((await response.json()) as { run: { status: string } }).run;
    };
    await expect.poll(async () => (await runOf()).status, { timeout: 30_000 }).toBe("COMPLETED");
    const call = server.requests.filter((request) => request.path === "/v1/chat/completions").at(-1);
    expect(call?.body).toMatchObject({ model: "llama3.1:8b" });
    expect(JSON.stringify(call?.body?.messages)).toContain("Ping");
  });
});
