"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { requestJson } from "@/components/api-client";
import { describeFailure, Field, FormError, SubmitButton } from "@/components/form";
import { authClient } from "@/lib/auth-client";

/** A new invitee chooses a name and password; someone signed in as the invited email just joins. */
export function AcceptInvitationForm({
  token,
  email,
  needsAccount,
  organizationName,
}: {
  token: string;
  email: string;
  needsAccount: boolean;
  organizationName: string;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = needsAccount ? { name: String(form.get("name") ?? ""), password: String(form.get("password") ?? "") } : {};
    setErrors({});
    setError(null);
    setIsPending(true);
    try {
      const { accepted } = await requestJson<{ accepted: { organizationId: string } }>(`/api/invite/${encodeURIComponent(token)}/accept`, {
        method: "POST",
        body: JSON.stringify(body),
      });
      if (needsAccount) {
        const signedIn = await authClient.signIn.email({ email, password: body.password ?? "" });
        if (signedIn.error) {
          router.replace("/sign-in");
          return;
        }
      }
      // Land in the organization just joined.
      await requestJson("/api/session/organization", { method: "PUT", body: JSON.stringify({ organizationId: accepted.organizationId }) });
      queryClient.clear();
      router.replace("/observe");
      router.refresh();
    } catch (caught) {
      const failure = describeFailure(caught);
      setErrors(failure.fields);
      setError(failure.message);
      setIsPending(false);
    }
  }

  return (
    <form method="post" onSubmit={handleSubmit} className="space-y-4" noValidate>
      <Field name="email" label="Email" value={email} disabled readOnly />
      {needsAccount && (
        <>
          <Field name="name" label="Your name" required autoFocus autoComplete="name" error={errors.name} />
          <Field
            name="password"
            type="password"
            label="Choose a password"
            required
            autoComplete="new-password"
            hint="At least 8 characters."
            error={errors.password}
          />
        </>
      )}
      <FormError message={error} />
      <SubmitButton isPending={isPending} pendingLabel="Joining…" label={`Join ${organizationName}`} />
    </form>
  );
}
