import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { nonPublicRange, outboundPolicyFromEnv, PUBLIC_TARGETS_ONLY, type OutboundPolicy } from "./outbound-policy.ts";
import { runBuiltInTool } from "./tools.ts";

const HINT = "set SWITCHYARD_HTTP_ALLOW_PRIVATE=1 to allow private targets";

describe("nonPublicRange", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.0.0.5", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.10", "private"],
    ["169.254.169.254", "linkLocal"],
    ["0.0.0.0", "unspecified"],
    ["100.64.0.1", "carrierGradeNat"],
    ["255.255.255.255", "broadcast"],
    ["224.0.0.1", "multicast"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456::1", "uniqueLocal"],
    ["fe80::1", "linkLocal"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:a00:5", "private"],
    ["::ffff:169.254.169.254", "linkLocal"],
    ["not-an-address", "unrecognised"],
  ])("%s is %s", (address, range) => {
    expect(nonPublicRange(address)).toBe(range);
  });

  it.each(["8.8.8.8", "172.32.0.1", "192.169.0.1", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("%s is public", (address) => {
    expect(nonPublicRange(address)).toBeNull();
  });
});

describe("outboundPolicyFromEnv", () => {
  it("allows public targets only when nothing is set", () => {
    expect(outboundPolicyFromEnv({})).toEqual(PUBLIC_TARGETS_ONLY);
    expect(outboundPolicyFromEnv({ SWITCHYARD_HTTP_ALLOW_PRIVATE: "0" }).allowPrivate).toBe(false);
    expect(outboundPolicyFromEnv({ SWITCHYARD_HTTP_ALLOW_PRIVATE: "" }).allowPrivate).toBe(false);
  });

  it("reads the private switch and the host list", () => {
    expect(outboundPolicyFromEnv({ SWITCHYARD_HTTP_ALLOW_PRIVATE: "1" }).allowPrivate).toBe(true);
    expect(outboundPolicyFromEnv({ SWITCHYARD_HTTP_ALLOW_PRIVATE: "true" }).allowPrivate).toBe(true);
    expect(outboundPolicyFromEnv({ SWITCHYARD_HTTP_ALLOWED_HOSTS: " Metrics.Internal. , 10.0.0.5,[::1],," })).toEqual({
      allowPrivate: false,
      allowedHosts: ["metrics.internal", "10.0.0.5", "::1"],
    });
  });
});

describe("the http tool's outbound policy", () => {
  let server: Server;
  let port: number;
  const requested: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      requested.push(request.url ?? "");
      if (request.url === "/redirect-private") return void response.writeHead(302, { location: `http://127.0.0.1:${port}/ok` }).end();
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
    });
    // Dual-stack, so `localhost` answers whichever family it resolves to first.
    await new Promise<void>((resolve) => server.listen({ port: 0, host: "::", ipv6Only: false }, resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => void server?.close());
  beforeEach(() => {
    requested.length = 0;
  });

  const call = (url: string, outboundPolicy: OutboundPolicy = PUBLIC_TARGETS_ONLY) =>
    runBuiltInTool("http", { url, timeoutMs: 5_000 }, { sleep: async () => {}, outboundPolicy });

  it("refuses loopback, private, link-local and unspecified IP literals by default", async () => {
    await expect(call("http://10.0.0.5/")).rejects.toThrow(
      `GET http://10.0.0.5/ refused: 10.0.0.5 is a private address; ${HINT}, or add 10.0.0.5 to SWITCHYARD_HTTP_ALLOWED_HOSTS`,
    );
    await expect(call(`http://127.0.0.1:${port}/ok`)).rejects.toThrow(`GET http://127.0.0.1:${port}/ok refused: 127.0.0.1 is a loopback address; ${HINT}`);
    await expect(call(`http://[::1]:${port}/ok`)).rejects.toThrow(`GET http://[::1]:${port}/ok refused: ::1 is a loopback address; ${HINT}`);
    await expect(call("http://169.254.169.254/latest/meta-data/")).rejects.toThrow("refused: 169.254.169.254 is a link-local address");
    await expect(call(`http://0.0.0.0:${port}/ok`)).rejects.toThrow("refused: 0.0.0.0 is an unspecified address");
    await expect(call("http://172.20.1.1/")).rejects.toThrow("refused: 172.20.1.1 is a private address");
    await expect(call("http://[fd00::1]/")).rejects.toThrow("refused: fd00::1 is a unique-local (private) address");
    expect(requested).toEqual([]);
  });

  it("refuses IPv4-mapped IPv6 literals and numeric IPv4 spellings", async () => {
    // The URL parser writes [::ffff:127.0.0.1] as [::ffff:7f00:1]; it is still loopback.
    await expect(call(`http://[::ffff:127.0.0.1]:${port}/ok`)).rejects.toThrow(`refused: ::ffff:7f00:1 is a loopback address; ${HINT}`);
    await expect(call(`http://2130706433:${port}/ok`)).rejects.toThrow(`refused: 127.0.0.1 is a loopback address`);
    await expect(call(`http://0x7f.1:${port}/ok`)).rejects.toThrow(`refused: 127.0.0.1 is a loopback address`);
    expect(requested).toEqual([]);
  });

  it("refuses a host name that resolves to a loopback address, at connect time", async () => {
    await expect(call(`http://localhost:${port}/ok`)).rejects.toThrow(
      new RegExp(
        `^GET http://localhost:${port}/ok refused: localhost resolves to (127\\.0\\.0\\.1|::1), a loopback address; ${HINT}, or add localhost to SWITCHYARD_HTTP_ALLOWED_HOSTS$`,
      ),
    );
    expect(requested).toEqual([]);
  });

  it("reaches private targets when the operator allows them", async () => {
    const allowPrivate = { allowPrivate: true, allowedHosts: [] };
    await expect(call(`http://127.0.0.1:${port}/ok`, allowPrivate)).resolves.toEqual({ status: 200, contentType: "application/json", body: { ok: true } });
    await expect(call(`http://localhost:${port}/ok`, allowPrivate)).resolves.toMatchObject({ status: 200 });
    await expect(call(`http://localhost:${port}/redirect-private`, allowPrivate)).resolves.toMatchObject({ status: 200, body: { ok: true } });
    expect(requested).toEqual(["/ok", "/ok", "/redirect-private", "/ok"]);
  });

  it("reaches an allowlisted host but checks every redirect hop on its own", async () => {
    const onlyLocalhost = { allowPrivate: false, allowedHosts: ["localhost"] };
    await expect(call(`http://localhost:${port}/ok`, onlyLocalhost)).resolves.toMatchObject({ status: 200, body: { ok: true } });
    await expect(call(`http://localhost:${port}/redirect-private`, onlyLocalhost)).rejects.toThrow(
      `GET http://localhost:${port}/redirect-private refused: 127.0.0.1 is a loopback address; ${HINT}`,
    );
    await expect(call(`http://127.0.0.1:${port}/ok`, onlyLocalhost)).rejects.toThrow("refused: 127.0.0.1 is a loopback address");
    expect(requested).toEqual(["/ok", "/redirect-private"]);
  });

  it("still reports ordinary connection failures as failures, not refusals", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(call(`http://127.0.0.1:${closedPort}/`, { allowPrivate: true, allowedHosts: [] })).rejects.toThrow(
      new RegExp(`^GET http://127\\.0\\.0\\.1:${closedPort}/ failed: fetch failed \\(.*ECONNREFUSED.*\\)$`),
    );
  });
});
