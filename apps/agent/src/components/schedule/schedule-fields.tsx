"use client";

import { Field, inputClass } from "@/components/form";
import { describeCron } from "./cron";

/** The cron input, with its inline error or, when valid, what it means in words. */
export function CronField({ name, value, error, onChange }: { name: string; value: string; error?: string; onChange: (value: string) => void }) {
  const words = describeCron(value.trim());
  return (
    <Field
      name={name}
      label="Cron expression"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
      hint={words !== value.trim() ? words : "minute hour day-of-month month day-of-week"}
      spellCheck={false}
      autoComplete="off"
      className={`${inputClass} font-mono`}
    />
  );
}

/** An IANA time zone from the browser's list, with its inline error. */
export function TimeZoneField({
  name,
  value,
  options,
  error,
  onChange,
}: {
  name: string;
  value: string;
  options: readonly string[];
  error?: string;
  onChange: (value: string) => void;
}) {
  const errorId = `${name}-error`;
  return (
    <div className="space-y-1.5">
      <label htmlFor={name} className="block text-sm font-medium text-zinc-700">
        Time zone
      </label>
      <select
        id={name}
        name={name}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className={inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      >
        {/* A stored zone the browser does not list (an alias) stays selectable. */}
        {!options.includes(value) && <option value={value}>{value}</option>}
        {options.map((zone) => (
          <option key={zone} value={zone}>
            {zone.replaceAll("_", " ")}
          </option>
        ))}
      </select>
      {error && (
        <p id={errorId} className="text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
