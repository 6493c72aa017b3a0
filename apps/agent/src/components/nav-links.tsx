"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export interface NavItem {
  label: string;
  href: string;
}

/** Groups of links, a thin divider between groups. */
export function NavLinks({ groups }: { groups: NavItem[][] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex items-center gap-0.5">
      {groups.flatMap((items, index) => [
        ...(index > 0 ? [<span key={`divider-${items[0]?.href}`} className="mx-1.5 h-5 w-px shrink-0 bg-zinc-200" aria-hidden />] : []),
        ...items.map((item) => <NavLink key={item.href} item={item} pathname={pathname} />),
      ])}
    </nav>
  );
}

function NavLink({ item, pathname }: { item: NavItem; pathname: string }) {
  const isActive = pathname === item.href || pathname.startsWith(`${item.href}/`);
  return (
    <Link
      href={item.href}
      aria-current={isActive ? "page" : undefined}
      className={`whitespace-nowrap rounded-md px-2 py-1.5 text-sm font-medium transition-colors ${
        isActive ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"
      }`}
    >
      {item.label}
    </Link>
  );
}
