/** Human-readable cron expressions for the /schedule table. Pure; unknown shapes fall back to the raw expression. */

function hourLabel(hour: number, minute: number): string {
  const suffix = hour < 12 ? "AM" : "PM";
  const h = hour % 12 === 0 ? 12 : hour % 12;
  return minute === 0 ? `${h} ${suffix}` : `${h}:${String(minute).padStart(2, "0")} ${suffix}`;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

function describeDays(dayOfWeek: string): string | null {
  if (dayOfWeek === "*") return "";
  if (dayOfWeek === "1-5") return " on weekdays";
  if (dayOfWeek === "0,6" || dayOfWeek === "6,0") return " on weekends";
  if (/^[0-6]$/.test(dayOfWeek)) return ` on ${WEEKDAYS[Number(dayOfWeek)]}`;
  if (/^[0-6](,[0-6])+$/.test(dayOfWeek))
    return ` on ${dayOfWeek
      .split(",")
      .map((d) => WEEKDAYS[Number(d)])
      .join(", ")}`;
  return null;
}

export function describeCron(expr: string | null): string {
  if (!expr) return "—";
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) return expr;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = parts as [string, string, string, string, string];
  const days = describeDays(dayOfWeek);
  if (dayOfMonth !== "*" || month !== "*" || days === null) return expr;

  if (minute === "*" && hour === "*") return `Every minute${days}`;
  const everyMinutes = /^\*\/(\d+)$/.exec(minute);
  if (everyMinutes && hour === "*") return `Every ${everyMinutes[1]} min${days}`;
  if (/^\d+$/.test(minute) && hour === "*") return Number(minute) === 0 ? `Hourly${days}` : `Hourly at :${minute.padStart(2, "0")}${days}`;
  const rangeHours = /^(\d+)-(\d+)(?:\/(\d+))?$/.exec(hour);
  if (/^\d+$/.test(minute) && rangeHours) {
    const [, from, to, step] = rangeHours;
    const span = `${hourLabel(Number(from), Number(minute))}–${hourLabel(Number(to), Number(minute))}`;
    return `${step ? `Every ${step} h` : "Hourly"}, ${span}${days}`;
  }
  const everyHours = /^\*\/(\d+)$/.exec(hour);
  if (/^\d+$/.test(minute) && everyHours) return `Every ${everyHours[1]} h${days}`;
  if (/^\d+$/.test(minute) && /^\d+$/.test(hour)) return `${days ? "" : "Daily "}at ${hourLabel(Number(hour), Number(minute))}${days}`.replace(/^at/, "At");
  return expr;
}
