import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { loadSession } from "@/components/require-session";
import { safeNextPath } from "@/lib/sign-in-path";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const nextPath = safeNextPath((await searchParams).next);
  if (await loadSession()) redirect(nextPath);

  return (
    <main className="grid min-h-dvh place-items-center px-6 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center gap-3 text-center">
          <span className="grid size-10 place-items-center rounded-lg bg-zinc-900 font-mono text-sm text-white" aria-hidden>
            SY
          </span>
          <div>
            <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Sign in to Switchyard</h1>
            <p className="mt-1 text-sm text-zinc-500">The control plane for your AI agents.</p>
          </div>
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm">
          <SignInForm nextPath={nextPath} />
        </div>
      </div>
    </main>
  );
}
