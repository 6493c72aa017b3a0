"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export interface NavItem {
  label: string;
  href: string;
  /** Surfaces not built yet show in the bar, unlinked, so the map of the product stays visible. */
  isAvailable: boolean;
}

export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex items-center gap-1">
      {items.map((item) => {
        if (!item.isAvailable) {
          return (
            <span
              key={item.href}
              aria-disabled="true"
              title={`${item.label} is not available yet`}
              className="cursor-default whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium text-zinc-400"
            >
              {item.label}
            </span>
          );
        }
        const isActive = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={isActive ? "page" : undefined}
            className={`whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium transition-colors ${
              isActive ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"
            }`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
