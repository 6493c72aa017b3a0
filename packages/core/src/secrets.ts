import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

// Local-only default so the embedded demo works with no configuration; production sets its own.
const DEMO_SECRET_KEY = "switchyard-local-demo-secret-key-not-for-production";

function encryptionKey(): Buffer {
  return createHash("sha256")
    .update(process.env.SWITCHYARD_SECRET_KEY ?? DEMO_SECRET_KEY)
    .digest();
}

/** AES-256-GCM; output is `iv.tag.ciphertext` in base64url. Used for secrets we must read back (webhook keys). */
export function encryptSecret(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url")).join(".");
}

export function decryptSecret(encoded: string): string {
  const [iv, tag, ciphertext] = encoded.split(".").map((part) => Buffer.from(part, "base64url"));
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
}

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}
