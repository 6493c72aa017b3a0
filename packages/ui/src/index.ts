export * from "./severity.ts";
