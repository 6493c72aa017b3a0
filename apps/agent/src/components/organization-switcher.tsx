"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError, requestJson } from "./api-client";

export interface OrganizationOption {
  id: string;
  name: string;
  role: string;
  isActive: boolean;
}

/** The active organization in the header; a member of several switches here (the session keeps the choice). */
export function OrganizationSwitcher({ organizations }: { organizations: OrganizationOption[] }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [isSwitching, setIsSwitching] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const active = organizations.find((organization) => organization.isActive);
  if (!active) return null;
  if (organizations.length < 2) {
    return (
      <span className="truncate text-sm font-medium text-zinc-700" data-testid="active-organization">
        {active.name}
      </span>
    );
  }

  async function switchTo(organizationId: string) {
    setIsSwitching(true);
    setError(null);
    try {
      await requestJson("/api/session/organization", { method: "PUT", body: JSON.stringify({ organizationId }) });
      // Everything cached belongs to the previous organization.
      queryClient.clear();
      router.refresh();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : "Could not switch organization");
    } finally {
      setIsSwitching(false);
    }
  }

  return (
    <div className="flex items-center gap-2">
      <label htmlFor="organization-switcher" className="sr-only">
        Organization
      </label>
      <select
        id="organization-switcher"
        data-testid="organization-switcher"
        value={active.id}
        disabled={isSwitching}
        onChange={(event) => void switchTo(event.target.value)}
        className="max-w-48 truncate rounded-md border border-zinc-200 bg-white py-1 pr-7 pl-2 text-sm font-medium text-zinc-800 shadow-xs outline-none focus:ring-2 focus:ring-zinc-900/10 disabled:opacity-60"
      >
        {organizations.map((organization) => (
          <option key={organization.id} value={organization.id}>
            {organization.name} · {organization.role.toLowerCase()}
          </option>
        ))}
      </select>
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
    </div>
  );
}
