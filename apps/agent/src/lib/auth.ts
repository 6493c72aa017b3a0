import { getDatabase } from "@switchyard/database";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";

// Local-only default so the embedded demo needs no configuration; production sets BETTER_AUTH_SECRET.
const DEMO_AUTH_SECRET = "switchyard-local-demo-auth-secret-change-me-in-production";

async function createAuth() {
  const { prisma } = await getDatabase();
  return betterAuth({
    secret: process.env.BETTER_AUTH_SECRET ?? DEMO_AUTH_SECRET,
    baseURL: process.env.BETTER_AUTH_URL,
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, disableSignUp: true },
    session: {
      expiresIn: 60 * 60 * 24 * 7,
      // Written only by our organization switch, which checks the membership; clients cannot set it.
      additionalFields: { activeOrganizationId: { type: "string", required: false, input: false } },
    },
    databaseHooks: {
      session: {
        create: {
          // Members list "last sign-in"; sessions themselves are deleted at sign-out.
          after: async (session) => {
            await prisma.user.update({ where: { id: session.userId }, data: { lastSignInAt: session.createdAt } }).catch(() => {});
          },
        },
      },
    },
    // Ten password attempts per minute per IP: still a brute-force brake, but an operator (or a test
    // run) signing in a few times in a row is not locked out as by the default of three per 10 s.
    rateLimit: { customRules: { "/sign-in/email": { window: 60, max: 10 } } },
    telemetry: { enabled: false },
    plugins: [nextCookies()],
  });
}

type Auth = Awaited<ReturnType<typeof createAuth>>;
const globalForAuth = globalThis as unknown as { switchyardAuth?: Promise<Auth> };

/** better-auth bound to the process database (created lazily: the database opens asynchronously). */
export function getAuth(): Promise<Auth> {
  globalForAuth.switchyardAuth ??= createAuth();
  return globalForAuth.switchyardAuth;
}
