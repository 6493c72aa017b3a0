import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { Agent, buildConnector } from "undici";

/**
 * Which targets the workflow `http` tool may reach. By default only public addresses: a workflow
 * author must not reach the app's own internals, the cluster network or cloud metadata.
 */
export interface OutboundPolicy {
  /** Private, loopback, link-local and other non-public targets are allowed (an operator's explicit choice). */
  allowPrivate: boolean;
  /** Hosts, as written in a URL (lowercase, IPv6 without brackets), that may be non-public all the same. */
  allowedHosts: readonly string[];
}

export const PUBLIC_TARGETS_ONLY: OutboundPolicy = { allowPrivate: false, allowedHosts: [] };

/** Reads SWITCHYARD_HTTP_ALLOW_PRIVATE and SWITCHYARD_HTTP_ALLOWED_HOSTS (comma-separated). */
export function outboundPolicyFromEnv(env: Readonly<Record<string, string | undefined>>): OutboundPolicy {
  return {
    allowPrivate: /^(1|true|yes|on)$/i.test(env.SWITCHYARD_HTTP_ALLOW_PRIVATE?.trim() ?? ""),
    allowedHosts: (env.SWITCHYARD_HTTP_ALLOWED_HOSTS ?? "").split(",").map(normalizeHost).filter(Boolean),
  };
}

/** A refused target; its message says which address and how an operator allows it. */
export class OutboundRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutboundRefusedError";
  }
}

/**
 * The ipaddr.js range of an address that is not on the public internet (loopback, private,
 * linkLocal, uniqueLocal, unspecified, ...), or null for a public one. IPv4-mapped IPv6 addresses
 * are judged by the IPv4 address they carry; anything unparseable counts as non-public.
 */
export function nonPublicRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return "unrecognised";
  const range = ipaddr.process(address).range();
  return range === "unicast" ? null : range;
}

const RANGE_NAMES: Record<string, string> = {
  private: "a private address",
  loopback: "a loopback address",
  linkLocal: "a link-local address",
  uniqueLocal: "a unique-local (private) address",
  unspecified: "an unspecified address",
  carrierGradeNat: "a carrier-grade NAT address",
  broadcast: "a broadcast address",
  multicast: "a multicast address",
};

function describeRange(range: string): string {
  return RANGE_NAMES[range] ?? `a non-public (${range}) address`;
}

function refusal(host: string, address: string, range: string): OutboundRefusedError {
  const what = host === address ? `${host} is ${describeRange(range)}` : `${host} resolves to ${address}, ${describeRange(range)}`;
  return new OutboundRefusedError(`${what}; set SWITCHYARD_HTTP_ALLOW_PRIVATE=1 to allow private targets, or add ${host} to SWITCHYARD_HTTP_ALLOWED_HOSTS`);
}

function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
}

function mayReachPrivate(policy: OutboundPolicy, host: string): boolean {
  return policy.allowPrivate || policy.allowedHosts.includes(normalizeHost(host));
}

/**
 * Resolves like dns.lookup, but refuses a host any of whose addresses is non-public. Checking the
 * addresses the socket is about to connect to (not a separate, earlier resolution) is what makes
 * DNS rebinding useless.
 */
function guardedLookup(policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      if (!mayReachPrivate(policy, hostname)) {
        for (const { address } of addresses) {
          const range = nonPublicRange(address);
          if (range) return callback(refusal(hostname, address, range), "", 0);
        }
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 0);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * An undici dispatcher that checks every connection it opens against the policy: IP literals
 * before connecting, host names at resolution. Redirects go through the same dispatcher, so each
 * hop is checked too. Close it when done.
 */
export function createOutboundAgent(policy: OutboundPolicy): Agent {
  const connect = buildConnector({ lookup: guardedLookup(policy) });
  return new Agent({
    connect: (options, callback) => {
      const refused = refuseAddressLiteral(policy, options.hostname);
      if (refused) return callback(refused, null);
      connect(options, callback);
    },
  });
}

/**
 * The refusal of a host written as a non-public IP address (a URL's hostname, brackets allowed), or
 * null when it is a name (judged at resolution) or may be reached. Lets a form refuse such a target
 * before anything connects.
 */
export function refuseAddressLiteral(policy: OutboundPolicy, hostname: string): OutboundRefusedError | null {
  const host = normalizeHost(hostname);
  if (!isIP(host) || mayReachPrivate(policy, host)) return null;
  const range = nonPublicRange(host);
  return range ? refusal(host, host, range) : null;
}

/** The refusal behind a failed fetch, if the policy is why it failed. */
export function findRefusal(error: unknown): OutboundRefusedError | null {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof OutboundRefusedError) return cause;
  }
  return null;
}
