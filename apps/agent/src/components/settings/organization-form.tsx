"use client";

import { useMutation } from "@tanstack/react-query";
import { Card, CardHeader } from "@switchyard/ui/components";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { ApiError, requestJson } from "@/components/api-client";
import { Field, FormError, fieldErrors, SaveButton } from "@/components/form";

export function OrganizationForm({ name, slug }: { name: string; slug: string }) {
  const router = useRouter();
  const rename = useMutation({
    mutationFn: (newName: string) => requestJson("/api/organization", { method: "PATCH", body: JSON.stringify({ name: newName }) }),
    onSuccess: () => router.refresh(),
  });
  const errors = rename.error instanceof ApiError ? fieldErrors(rename.error.details) : {};

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    rename.mutate(String(new FormData(event.currentTarget).get("name") ?? ""));
  }

  return (
    <Card>
      <CardHeader title="Organization" description={`Slug: ${slug} (fixed: integrations identify the organization by it).`} />
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3 p-4">
        <div className="min-w-64 flex-1">
          <Field name="name" label="Name" defaultValue={name} required maxLength={120} error={errors.name} />
        </div>
        <SaveButton isPending={rename.isPending} isSaved={rename.isSuccess} />
        <div className="w-full">
          <FormError message={rename.error && !errors.name ? (rename.error as Error).message : null} />
        </div>
      </form>
    </Card>
  );
}
