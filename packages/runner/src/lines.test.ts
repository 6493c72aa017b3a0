import { describe, expect, it } from "vitest";
import { parseCli } from "./cli-options.ts";
import { interpretLine, MAX_LOG_LINE, outputFromLastLine } from "./lines.ts";

describe("the command's lines", () => {
  it("maps stage, score and artifact lines, and logs everything else", () => {
    expect(interpretLine('{"stage":"evaluating","message":"attempt 2"}', "stdout")).toEqual({
      kind: "event",
      event: { type: "stage", stage: "evaluating", message: "attempt 2" },
    });
    expect(interpretLine('{"score":0.82,"stage":"evaluating"}', "stdout")).toEqual({
      kind: "event",
      event: { type: "score", score: 0.82, stage: "evaluating", message: undefined },
    });
    expect(interpretLine('{"artifact":{"filename":"a.json","content":{"ok":true},"artifactType":"evaluation"}}', "stdout")).toEqual({
      kind: "artifact",
      artifact: { filename: "a.json", content: { ok: true }, artifactType: "evaluation", contentType: undefined, score: undefined },
    });
    for (const line of ["plain text", '{"targets":["a"]}', '{"artifact":{"filename":"no-content.md"}}', "[1,2]", "{broken"]) {
      expect(interpretLine(line, "stdout")).toEqual({ kind: "event", event: { type: "log", message: line } });
    }
    expect(interpretLine('{"stage":"x"}', "stderr")).toEqual({
      kind: "event",
      event: { type: "log", message: '{"stage":"x"}', metadata: { stream: "stderr" } },
    });
    const long = interpretLine("x".repeat(MAX_LOG_LINE + 10), "stdout");
    expect(long.kind === "event" && long.event.type === "log" && long.event.message.length).toBe(MAX_LOG_LINE);
  });

  it("takes the last stdout line as the output only when it is JSON", () => {
    expect(outputFromLastLine('{"targets":["a"]}')).toEqual({ ok: true, output: { targets: ["a"] } });
    expect(outputFromLastLine("42")).toEqual({ ok: true, output: 42 });
    expect(outputFromLastLine("done!")).toEqual({ ok: false, error: "The command's last stdout line is not JSON: done!" });
    expect(outputFromLastLine(null)).toMatchObject({ ok: false });
  });
});

describe("switchyard-runner options", () => {
  const base = ["--url", "http://sy", "--api-key", "sy_key"];

  it("reads the options and the command after --", () => {
    expect(parseCli([...base, "--agent", "a", "--agent", "b", "--lease", "30", "--once", "--", "python", "run.py", "--fast"], {})).toMatchObject({
      url: "http://sy",
      apiKey: "sy_key",
      agents: ["a", "b"],
      leaseSeconds: 30,
      once: true,
      pollMs: 2000,
      killGraceMs: 5000,
      command: "python",
      args: ["run.py", "--fast"],
    });
    expect(parseCli(["--", "cmd"], { SWITCHYARD_URL: "http://env", SWITCHYARD_API_KEY: "k" })).toMatchObject({ url: "http://env", apiKey: "k", agents: [] });
  });

  it("says what is missing or wrong", () => {
    expect(parseCli(["--", "cmd"], {})).toEqual({ error: "Missing --url (or SWITCHYARD_URL)" });
    expect(parseCli(base, {})).toEqual({ error: "Missing the command: put it after --, e.g. -- python build.py" });
    expect(parseCli([...base, "--lease", "0", "--", "cmd"], {})).toEqual({ error: "--lease must be a whole number of seconds from 1 to 3600" });
    expect(parseCli([...base, "--bogus", "--", "cmd"], {})).toHaveProperty("error");
    expect(parseCli(["--help"], {})).toEqual({ help: true });
  });
});
