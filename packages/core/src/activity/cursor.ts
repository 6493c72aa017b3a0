import { AppError } from "../errors.ts";

/** An opaque keyset cursor over (timestamp, id): base64url of "ISO|id". */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const at = new Date(iso ?? "");
  if (!id || Number.isNaN(at.getTime())) throw new AppError("validation_failed", "Invalid cursor");
  return { at, id };
}
