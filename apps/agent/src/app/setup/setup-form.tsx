"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { requestJson } from "@/components/api-client";
import { describeFailure, Field, FormError, SubmitButton } from "@/components/form";
import { authClient } from "@/lib/auth-client";

const slugify = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);

export function SetupForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);
  const [slug, setSlug] = useState("");
  const [isSlugEdited, setIsSlugEdited] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = Object.fromEntries(
      ["organizationName", "organizationSlug", "ownerName", "ownerEmail", "ownerPassword"].map((key) => [key, String(form.get(key) ?? "")]),
    );
    setErrors({});
    setError(null);
    setIsPending(true);
    try {
      await requestJson("/api/setup", { method: "POST", body: JSON.stringify(body) });
      const signedIn = await authClient.signIn.email({ email: body.ownerEmail.trim(), password: body.ownerPassword });
      if (signedIn.error) {
        router.replace("/sign-in?next=%2Fsettings%2Fmembers");
        return;
      }
      router.replace("/settings/members");
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
      <Field
        name="organizationName"
        label="Organization name"
        required
        autoFocus
        placeholder="Acme Research"
        error={errors.organizationName}
        onChange={(event) => !isSlugEdited && setSlug(slugify(event.target.value))}
      />
      <Field
        name="organizationSlug"
        label="Slug"
        required
        value={slug}
        onChange={(event) => {
          setIsSlugEdited(true);
          setSlug(event.target.value);
        }}
        hint="Lowercase letters, digits and hyphens; it identifies the organization in integrations."
        error={errors.organizationSlug}
      />
      <Field name="ownerName" label="Your name" required autoComplete="name" error={errors.ownerName} />
      <Field name="ownerEmail" type="email" label="Your email" required autoComplete="email" error={errors.ownerEmail} />
      <Field
        name="ownerPassword"
        type="password"
        label="Password"
        required
        autoComplete="new-password"
        hint="At least 8 characters."
        error={errors.ownerPassword}
      />
      <FormError message={error} />
      <SubmitButton isPending={isPending} pendingLabel="Creating…" label="Create organization" />
    </form>
  );
}
