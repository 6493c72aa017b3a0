// Usage: bun run org:create --name "Acme" [--slug acme] --owner-email a@b.c [--owner-name "Ada"]
// Creates an organization and its owner for scripted installs. The owner's password comes from
// SWITCHYARD_OWNER_PASSWORD or is asked for; an owner who already has an account keeps their password.
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { z } from "zod";
import { AppError } from "../src/errors.ts";
import { createOrganizationWithOwner, Email } from "../src/tenancy/organizations.ts";
import { openCliDatabase } from "./cli-database.ts";

const USAGE = 'usage: bun run org:create --name "Acme" [--slug acme] --owner-email a@b.c [--owner-name "Ada Lovelace"]';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: { name: { type: "string" }, slug: { type: "string" }, "owner-email": { type: "string" }, "owner-name": { type: "string" } },
      strict: true,
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`);
  }
})();
if (!values.name || !values["owner-email"]) fail(USAGE);
const slug =
  values.slug ??
  values.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
const email = Email.safeParse(values["owner-email"]);
if (!email.success) fail(`--owner-email: ${email.error.issues[0]?.message}`);

/** Reads a password without echoing it when a person types it; from a pipe, the first line. */
async function askPassword(question: string): Promise<string> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  if (process.stdin.isTTY) {
    const output = prompt as unknown as { _writeToOutput(text: string): void };
    const write = output._writeToOutput.bind(prompt);
    output._writeToOutput = (text) => write(text.startsWith(question) ? text : text.replace(/[^\r\n]/g, ""));
  }
  const answer = await prompt.question(question);
  prompt.close();
  if (process.stdin.isTTY) process.stdout.write("\n");
  return answer;
}

const database = await openCliDatabase();
try {
  const hasAccount = (await database.prisma.user.count({ where: { email: email.data } })) > 0;
  const password = hasAccount ? undefined : process.env.SWITCHYARD_OWNER_PASSWORD || (await askPassword(`Password for ${email.data}: `));
  const created = await createOrganizationWithOwner(
    database.prisma,
    { name: values.name, slug, owner: { email: email.data, name: values["owner-name"], password } },
    { type: "cli", id: "org:create", label: "org:create (command line)" },
  );
  const signIn = `${(process.env.BETTER_AUTH_URL ?? "http://localhost:3000").replace(/\/$/, "")}/sign-in`;
  console.log(`Created organization "${created.organization.name}" (${created.organization.slug}).`);
  console.log(`  owner:   ${created.user.email}${created.isNewUser ? " (new account)" : " (existing account, password unchanged)"}`);
  console.log(`  sign in: ${signIn}`);
} catch (error) {
  if (error instanceof AppError) fail(`Not created: ${error.message}`);
  if (error instanceof z.ZodError) fail(`Not created: ${error.issues.map((issue) => issue.message).join("; ")}`);
  throw error;
} finally {
  await database.close();
}
