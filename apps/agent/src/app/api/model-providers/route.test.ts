import { startFakeModelServer, type FakeModelServer } from "@switchyard/core/models/testing";
import { createTestOrganization } from "@switchyard/core/testing";
import type { Database } from "@switchyard/database";
import { useTestDatabase } from "@switchyard/database/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getAgent, PATCH as patchAgent } from "@/app/api/agents/[slug]/route";
import { POST as createAgent } from "@/app/api/agents/route";
import { call } from "@/test/http";
import { POST as refreshModels } from "./[id]/models/route";
import { DELETE as deleteProvider, GET as getProvider, PUT as updateProvider } from "./[id]/route";
import { POST as testProvider } from "./[id]/test/route";
import { GET as listProviders, POST as createProvider } from "./route";

const API_KEY = "sk-local-secret-never-returned";
const HEADER_VALUE = "gateway-credential-never-returned";

describe("/api/model-providers", () => {
  let db: Database;
  let server: FakeModelServer;
  let silent: FakeModelServer;
  let a: Awaited<ReturnType<typeof createTestOrganization>>;
  let b: Awaited<ReturnType<typeof createTestOrganization>>;

  beforeAll(async () => {
    db = await useTestDatabase();
    server = await startFakeModelServer({ models: ["qwen2.5:7b", "llama3.1:8b"] });
    silent = await startFakeModelServer({ listsModels: false });
    a = await createTestOrganization(db.prisma);
    b = await createTestOrganization(db.prisma);
  });
  afterAll(async () => {
    await server?.close();
    await silent?.close();
    await db?.close();
  });

  async function create(body: Record<string, unknown>, key = a.keys.ADMIN) {
    return call(createProvider, { method: "POST", key, body });
  }

  it("creates a provider and never answers with its key or header values", async () => {
    const created = await create({
      name: "Ollama",
      kind: "openai-compatible",
      baseUrl: `${server.baseUrl}/`,
      apiKey: API_KEY,
      headers: { "X-Team": HEADER_VALUE },
    });

    expect(created.status).toBe(201);
    expect(created.body.provider).toMatchObject({
      name: "Ollama",
      kind: "openai-compatible",
      baseUrl: server.baseUrl,
      hasApiKey: true,
      headerNames: ["X-Team"],
      models: [],
      lastTest: null,
      agentCount: 0,
    });
    const id = created.body.provider.id;
    const answers = [
      created,
      await call(listProviders, { key: a.keys.OPERATOR }),
      await call(getProvider, { params: { id }, key: a.keys.OPERATOR }),
      await call(updateProvider, { method: "PUT", params: { id }, key: a.keys.ADMIN, body: { models: ["typed-model"] } }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(200 + (answer === created ? 1 : 0));
      expect(JSON.stringify(answer.body)).not.toContain(API_KEY);
      expect(JSON.stringify(answer.body)).not.toContain(HEADER_VALUE);
      expect(JSON.stringify(answer.body)).not.toContain("encrypted");
    }
    const row = await db.prisma.modelProvider.findUniqueOrThrow({ where: { id } });
    expect(row.encryptedApiKey).toEqual(expect.any(String));
    expect(row.encryptedApiKey).not.toContain(API_KEY);
    expect(row.encryptedHeaders).not.toContain(HEADER_VALUE);
    const audit = await db.prisma.auditLog.findMany({ where: { organizationId: a.organization.id, targetId: id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((entry) => entry.action)).toEqual(["model_provider.created", "model_provider.updated"]);
    expect(JSON.stringify(audit)).not.toContain(API_KEY);
    expect(JSON.stringify(audit)).not.toContain(HEADER_VALUE);
  });

  it("answers 400 naming the field for invalid input, and 409 for a name in use", async () => {
    const noBaseUrl = await create({ name: "No URL", kind: "openai-compatible" });
    expect(noBaseUrl.status).toBe(400);
    expect(noBaseUrl.body.error.details).toEqual([expect.objectContaining({ path: "baseUrl" })]);

    const cases: [Record<string, unknown>, string][] = [
      [{ name: "Bad URL", kind: "openai-compatible", baseUrl: "ftp://models.internal" }, "baseUrl"],
      [{ name: "Bad kind", kind: "cohere", baseUrl: server.baseUrl }, "kind"],
      [{ name: "", kind: "openai" }, "name"],
      [{ name: "Bad header", kind: "openai", headers: { "Bad Header": "x" } }, "headers.Bad Header"],
      [{ name: "Host header", kind: "openai", headers: { Host: "elsewhere" } }, "headers.Host"],
      [{ name: "Unknown field", kind: "openai", secret: "x" }, ""],
    ];
    for (const [body, path] of cases) {
      const answer = await create(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe("validation_failed");
      expect(answer.body.error.details.map((detail: { path: string }) => detail.path)).toContain(path);
    }

    expect((await create({ name: "Duplicate", kind: "openai" })).status).toBe(201);
    const duplicate = await create({ name: "Duplicate", kind: "anthropic" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toContain("Duplicate");

    const created = await create({ name: "Clearable", kind: "openai-compatible", baseUrl: server.baseUrl });
    const cleared = await call(updateProvider, { method: "PUT", params: { id: created.body.provider.id }, key: a.keys.ADMIN, body: { baseUrl: null } });
    expect(cleared.status).toBe(400);
    expect(cleared.body.error.details).toEqual([expect.objectContaining({ path: "baseUrl" })]);
  });

  it("lets operators read and only admins write", async () => {
    const created = await create({ name: "Roles", kind: "openai-compatible", baseUrl: server.baseUrl, models: ["llama3.1:8b"] });
    const id = created.body.provider.id;

    expect((await call(listProviders, { key: a.keys.VIEWER })).status).toBe(403);
    expect((await call(getProvider, { params: { id }, key: a.keys.VIEWER })).status).toBe(403);
    expect((await call(listProviders, { key: a.keys.OPERATOR })).status).toBe(200);
    const writes = [
      create({ name: "By operator", kind: "openai" }, a.keys.OPERATOR),
      call(updateProvider, { method: "PUT", params: { id }, key: a.keys.OPERATOR, body: { name: "Renamed" } }),
      call(deleteProvider, { method: "DELETE", params: { id }, key: a.keys.OPERATOR }),
      call(refreshModels, { method: "POST", params: { id }, key: a.keys.OPERATOR }),
      call(testProvider, { method: "POST", params: { id }, key: a.keys.OPERATOR }),
    ];
    expect((await Promise.all(writes)).map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403]);
  });

  it("keeps each organization's providers to itself: another organization gets 404 on every endpoint", async () => {
    const created = await create({ name: "Private to A", kind: "openai-compatible", baseUrl: server.baseUrl, models: ["llama3.1:8b"] });
    const params = { id: created.body.provider.id };

    const list = await call(listProviders, { key: b.keys.ADMIN });
    expect(list.body.providers.map((provider: { name: string }) => provider.name)).not.toContain("Private to A");
    const attempts = await Promise.all([
      call(getProvider, { params, key: b.keys.ADMIN }),
      call(updateProvider, { method: "PUT", params, key: b.keys.ADMIN, body: { name: "Hijacked" } }),
      call(deleteProvider, { method: "DELETE", params, key: b.keys.ADMIN }),
      call(refreshModels, { method: "POST", params, key: b.keys.ADMIN }),
      call(testProvider, { method: "POST", params, key: b.keys.ADMIN }),
    ]);
    expect(attempts.map((answer) => answer.status)).toEqual([404, 404, 404, 404, 404]);
    expect((await db.prisma.modelProvider.findUniqueOrThrow({ where: { id: params.id } })).name).toBe("Private to A");

    // Nor can B's agents use A's provider.
    const agent = await call(createAgent, {
      method: "POST",
      key: b.keys.ADMIN,
      body: { slug: "borrower", name: "Borrower", instructions: "Answer.", modelName: "llama3.1:8b", providerId: params.id },
    });
    expect(agent.status).toBe(400);
    expect(agent.body.error.details).toEqual([{ path: "providerId", message: "No such model provider in this organization" }]);
  });

  it("fetches the model list from the server's /v1/models, and says why when the server lists none", async () => {
    const created = await create({ name: "Listing", kind: "openai-compatible", baseUrl: server.baseUrl, apiKey: API_KEY, models: ["typed"] });
    const refreshed = await call(refreshModels, { method: "POST", params: { id: created.body.provider.id }, key: a.keys.ADMIN });

    expect(refreshed.status).toBe(200);
    expect(refreshed.body.provider.models).toEqual(["llama3.1:8b", "qwen2.5:7b"]);
    expect(refreshed.body.provider.modelsFetchedAt).toEqual(expect.any(String));
    expect(server.requests.filter((request) => request.path === "/v1/models").at(-1)?.headers.authorization).toBe(`Bearer ${API_KEY}`);

    const mute = await create({ name: "Mute", kind: "openai-compatible", baseUrl: silent.baseUrl, models: ["typed"] });
    const failed = await call(refreshModels, { method: "POST", params: { id: mute.body.provider.id }, key: a.keys.ADMIN });
    expect(failed.status).toBe(502);
    expect(failed.body.error.message).toContain("404");
    expect(failed.body.error.message).toContain("Type the model ids instead");
    expect((await call(getProvider, { params: { id: mute.body.provider.id }, key: a.keys.ADMIN })).body.provider.models).toEqual(["typed"]);
  });

  it("tests the connection with one tiny call and keeps the result", async () => {
    const created = await create({ name: "Testable", kind: "openai-compatible", baseUrl: server.baseUrl, apiKey: API_KEY, models: ["llama3.1:8b"] });
    const id = created.body.provider.id;

    const tested = await call(testProvider, { method: "POST", params: { id }, key: a.keys.ADMIN });

    expect(tested.status).toBe(200);
    expect(tested.body.result).toMatchObject({ ok: true, model: "llama3.1:8b", error: null, reply: "OK" });
    expect(tested.body.result.latencyMs).toEqual(expect.any(Number));
    expect(tested.body.provider.lastTest).toMatchObject({ ok: true, model: "llama3.1:8b", latencyMs: tested.body.result.latencyMs });
    const request = server.requests.filter((entry) => entry.path === "/v1/chat/completions").at(-1)!;
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request.body).toMatchObject({ model: "llama3.1:8b", max_tokens: 16 });

    server.reply({ status: 401, body: { error: { message: "Invalid API key", type: "invalid_request_error" } } });
    const refused = await call(testProvider, { method: "POST", params: { id }, key: a.keys.ADMIN, body: { model: "qwen2.5:7b" } });
    expect(refused.status).toBe(200);
    expect(refused.body.result).toMatchObject({ ok: false, model: "qwen2.5:7b" });
    expect(refused.body.result.error).toContain("Invalid API key");
    expect(refused.body.provider.lastTest).toMatchObject({ ok: false, model: "qwen2.5:7b" });

    const none = await create({ name: "No models", kind: "openai-compatible", baseUrl: server.baseUrl });
    const unchosen = await call(testProvider, { method: "POST", params: { id: none.body.provider.id }, key: a.keys.ADMIN });
    expect(unchosen.status).toBe(400);
    expect(unchosen.body.error.details).toEqual([expect.objectContaining({ path: "model" })]);
  });

  it("replaces or removes the key and headers only when sent", async () => {
    const created = await create({ name: "Secrets", kind: "openai", apiKey: API_KEY, headers: { "X-One": "1" } });
    const id = created.body.provider.id;

    const renamed = await call(updateProvider, { method: "PUT", params: { id }, key: a.keys.ADMIN, body: { name: "Secrets kept" } });
    expect(renamed.body.provider).toMatchObject({ name: "Secrets kept", hasApiKey: true, headerNames: ["X-One"] });

    const cleared = await call(updateProvider, { method: "PUT", params: { id }, key: a.keys.ADMIN, body: { apiKey: null, headers: { "X-Two": "2" } } });
    expect(cleared.body.provider).toMatchObject({ hasApiKey: false, headerNames: ["X-Two"] });
    expect((await db.prisma.modelProvider.findUniqueOrThrow({ where: { id } })).encryptedApiKey).toBeNull();
  });

  it("lets agents pick a provider and refuses to remove one that agents still use", async () => {
    const created = await create({ name: "For agents", kind: "openai-compatible", baseUrl: server.baseUrl, models: ["llama3.1:8b"] });
    const providerId = created.body.provider.id;

    const agent = await call(createAgent, {
      method: "POST",
      key: a.keys.ADMIN,
      body: { slug: "local-analyst", name: "Local analyst", instructions: "Answer.", modelName: "llama3.1:8b", providerId, timeoutSeconds: 60, maxSteps: 4 },
    });
    expect(agent.status).toBe(201);
    expect(agent.body.agent).toMatchObject({
      modelProvider: "openai-compatible",
      providerId,
      provider: { id: providerId, name: "For agents", kind: "openai-compatible" },
      timeoutSeconds: 60,
      maxSteps: 4,
      runtime: "model",
      version: 1,
    });
    const tooLong = await call(patchAgent, { method: "PATCH", params: { slug: "local-analyst" }, key: a.keys.ADMIN, body: { timeoutSeconds: 1801 } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details).toEqual([expect.objectContaining({ path: "timeoutSeconds" })]);

    const blocked = await call(deleteProvider, { method: "DELETE", params: { id: providerId }, key: a.keys.ADMIN });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.details).toEqual({ agents: ["local-analyst"] });

    // Back to the simulated model: a new version, and the provider is free to go.
    const moved = await call(patchAgent, {
      method: "PATCH",
      params: { slug: "local-analyst" },
      key: a.keys.ADMIN,
      body: { providerId: null, modelProvider: "simulated" },
    });
    expect(moved.body.agent).toMatchObject({ providerId: null, provider: null, modelProvider: "simulated", version: 2 });
    expect((await call(deleteProvider, { method: "DELETE", params: { id: providerId }, key: a.keys.ADMIN })).status).toBe(204);
    expect((await call(getProvider, { params: { id: providerId }, key: a.keys.ADMIN })).status).toBe(404);
    expect((await call(getAgent, { params: { slug: "local-analyst" }, key: a.keys.VIEWER })).body.agent.runtime).toBe("model");
  });
});
