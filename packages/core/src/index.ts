export * from "./errors.ts";
export * from "./context.ts";
export * from "./tenancy/memberships.ts";
export * from "./tenancy/api-keys.ts";
