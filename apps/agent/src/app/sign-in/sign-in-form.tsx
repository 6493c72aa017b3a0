"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Field, FormError, SubmitButton } from "@/components/form";
import { authClient } from "@/lib/auth-client";

export function SignInForm({ nextPath }: { nextPath: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");
    setError(null);
    setIsPending(true);
    try {
      const result = await authClient.signIn.email({ email, password });
      if (result.error) {
        setError(result.error.message || "Email or password is incorrect.");
        setIsPending(false);
        return;
      }
      router.replace(nextPath);
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
      setIsPending(false);
    }
  }

  return (
    <form method="post" onSubmit={handleSubmit} className="space-y-4">
      <Field name="email" type="email" label="Email" autoComplete="email" required autoFocus placeholder="you@company.com" />
      <Field name="password" type="password" label="Password" autoComplete="current-password" required />
      <FormError message={error} />
      <SubmitButton isPending={isPending} pendingLabel="Signing in…" label="Sign in" />
    </form>
  );
}
