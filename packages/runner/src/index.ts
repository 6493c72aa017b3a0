export * from "./client.ts";
export { interpretLine, outputFromLastLine, type LineAction } from "./lines.ts";
export { runCommand, type CommandOptions, type CommandRun, type StopReason } from "./run-command.ts";
export { parseCli, type CliOptions } from "./cli-options.ts";
export { runLoop } from "./loop.ts";
