import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { isSetupAvailable } from "@switchyard/core/tenancy/organizations";
import { getDatabase } from "@switchyard/database";
import { AuthCard } from "@/components/auth-card";
import { loadSession } from "@/components/require-session";
import { safeNextPath } from "@/lib/sign-in-path";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const nextPath = safeNextPath((await searchParams).next);
  if (await loadSession()) redirect(nextPath);
  const canSetUp = await isSetupAvailable((await getDatabase()).prisma);

  return (
    <AuthCard
      title="Sign in to Switchyard"
      subtitle="The control plane for your AI agents."
      footer={
        canSetUp && (
          <>
            New here?{" "}
            <Link href="/setup" className="font-medium text-zinc-900 underline underline-offset-2">
              Set up your organization
            </Link>
          </>
        )
      }
    >
      <SignInForm nextPath={nextPath} />
    </AuthCard>
  );
}
