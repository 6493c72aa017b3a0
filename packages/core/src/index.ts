export * from "./errors.ts";
export * from "./context.ts";
export * from "./memberships.ts";
export * from "./api-keys.ts";
