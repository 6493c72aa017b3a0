"use client";

import { Button } from "@switchyard/ui/components";
import { ApiError } from "./api-client";
import { useEffect, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

export const inputClass =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs outline-none transition placeholder:text-zinc-400 focus:border-zinc-900 focus:ring-2 focus:ring-zinc-900/10 disabled:bg-zinc-50 disabled:text-zinc-500 aria-invalid:border-red-400";

/** A labelled input with its inline error; `name` doubles as the id the label points at. */
export function Field({
  label,
  error,
  hint,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { name: string; label: string; error?: string; hint?: ReactNode }) {
  const errorId = `${input.name}-error`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={input.id ?? input.name} className="block text-sm font-medium text-zinc-700">
        {label}
      </label>
      <input id={input.name} className={inputClass} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined} {...input} />
      {error ? (
        <p id={errorId} className="text-xs text-red-700">
          {error}
        </p>
      ) : (
        hint && <p className="text-xs text-zinc-500">{hint}</p>
      )}
    </div>
  );
}

/** A labelled textarea with its inline error, like `Field`. */
export function TextAreaField({
  label,
  error,
  hint,
  ...textarea
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { name: string; label: string; error?: string; hint?: ReactNode }) {
  const errorId = `${textarea.name}-error`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={textarea.id ?? textarea.name} className="block text-sm font-medium text-zinc-700">
        {label}
      </label>
      <textarea
        id={textarea.name}
        className={inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        {...textarea}
      />
      {error ? (
        <p id={errorId} className="text-xs text-red-700">
          {error}
        </p>
      ) : (
        hint && <p className="text-xs text-zinc-500">{hint}</p>
      )}
    </div>
  );
}

export function SelectField({ label, children, ...select }: SelectHTMLAttributes<HTMLSelectElement> & { name: string; label: string }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={select.id ?? select.name} className="block text-sm font-medium text-zinc-700">
        {label}
      </label>
      <select id={select.name} className={inputClass} {...select}>
        {children}
      </select>
    </div>
  );
}

/** A settings form's submit button, and once the save went through, its "Saved" note. */
export function SaveButton({ isPending, isSaved }: { isPending: boolean; isSaved: boolean }) {
  return (
    <>
      <Button type="submit" variant="primary" disabled={isPending}>
        {isPending ? "Saving…" : "Save"}
      </Button>
      {isSaved && (
        <span role="status" className="text-sm text-emerald-700">
          Saved
        </span>
      )}
    </>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
      {message}
    </p>
  );
}

/** Field errors from the API's error details: `validation_failed`'s `{ path, message }` list, or a `{ field }` it names. */
export function fieldErrors(details: unknown, message?: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (Array.isArray(details)) {
    for (const detail of details as { path?: string; message?: string }[]) {
      if (detail.path && detail.message && !errors[detail.path]) errors[detail.path] = detail.message;
    }
  }
  const field = (details as { field?: unknown } | null)?.field;
  if (typeof field === "string" && message) errors[field] = message;
  return errors;
}

/** What a failed form submission shows: errors beside their fields, or one message above the button. */
export function describeFailure(caught: unknown): { fields: Record<string, string>; message: string | null } {
  if (!(caught instanceof ApiError)) return { fields: {}, message: "Could not reach the server. Check your connection and try again." };
  const fields = fieldErrors(caught.details, caught.message);
  return { fields, message: Object.keys(fields).length === 0 ? caught.message : null };
}

/**
 * The full-width submit button of the signed-out forms. Until React hydrates, a click would submit
 * the form natively, so it stays off until then.
 */
export function SubmitButton({ isPending, label, pendingLabel }: { isPending: boolean; label: string; pendingLabel: string }) {
  const [isHydrated, setIsHydrated] = useState(false);
  useEffect(() => setIsHydrated(true), []);
  return (
    <button
      type="submit"
      disabled={!isHydrated || isPending}
      className="flex w-full items-center justify-center rounded-md bg-zinc-900 px-3 py-2 text-sm font-medium text-white shadow-xs transition-colors hover:bg-zinc-800 disabled:cursor-wait disabled:opacity-70"
    >
      {isPending ? pendingLabel : label}
    </button>
  );
}
