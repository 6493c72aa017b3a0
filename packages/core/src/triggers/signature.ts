import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-switchyard-signature";
/** Deliveries signed more than five minutes away from our clock are refused (replay protection). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export function signWebhook(secret: string, rawBody: string, timestamp: number): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex")}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifyWebhookSignature(secret: string, rawBody: string, header: string | null, now: Date): SignatureCheck {
  if (!header) return { ok: false, reason: "Missing X-Switchyard-Signature header" };
  const parts = new Map(header.split(",").map((part) => part.trim().split("=", 2) as [string, string]));
  const timestamp = Number(parts.get("t"));
  const signatures = header
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.startsWith("v1="))
    .map((p) => p.slice(3));
  if (!Number.isInteger(timestamp) || signatures.length === 0) {
    return { ok: false, reason: "Malformed signature header: expected t=<unix seconds>,v1=<hex>" };
  }
  if (Math.abs(now.getTime() / 1000 - timestamp) > SIGNATURE_TOLERANCE_SECONDS) {
    return { ok: false, reason: "Signature timestamp is outside the 5 minute tolerance" };
  }
  const expected = Buffer.from(createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex"), "utf8");
  const valid = signatures.some((candidate) => {
    const given = Buffer.from(candidate, "utf8");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return valid ? { ok: true } : { ok: false, reason: "Signature does not match" };
}
