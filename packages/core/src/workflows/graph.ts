/** The edges that matter for ordering: explicit `dependsOn`, and condition → branch step. */
export interface GraphNode {
  id: string;
  dependsOn?: readonly string[];
  then?: readonly string[];
  else?: readonly string[];
}

export interface BranchMembership {
  conditionId: string;
  branch: "then" | "else";
}

/** Each step's direct predecessors; a step on a branch runs after its condition. Unknown ids are dropped. */
export function predecessors(nodes: readonly GraphNode[]): Map<string, string[]> {
  const ids = new Set(nodes.map((node) => node.id));
  const result = new Map<string, Set<string>>(nodes.map((node) => [node.id, new Set((node.dependsOn ?? []).filter((id) => ids.has(id)))]));
  for (const [id, branches] of branchMemberships(nodes)) {
    for (const { conditionId } of branches) result.get(id)?.add(conditionId);
  }
  return new Map([...result].map(([id, deps]) => [id, [...deps]]));
}

/** For each step listed in a condition's `then` or `else`, which branches it belongs to. */
export function branchMemberships(nodes: readonly GraphNode[]): Map<string, BranchMembership[]> {
  const result = new Map<string, BranchMembership[]>();
  for (const node of nodes) {
    for (const branch of ["then", "else"] as const) {
      for (const id of node[branch] ?? []) {
        result.set(id, [...(result.get(id) ?? []), { conditionId: node.id, branch }]);
      }
    }
  }
  return result;
}

/** Every step that must finish before `id` starts. */
export function ancestorsOf(id: string, preds: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [...(preds.get(id) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(preds.get(next) ?? []));
  }
  return seen;
}

/** Each cycle in run order (each step must run before the next), the first id repeated at the end. */
export function findCycles(preds: Map<string, string[]>): string[][] {
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const cycles: string[][] = [];
  const visit = (id: string) => {
    state.set(id, "visiting");
    path.push(id);
    for (const dep of preds.get(id) ?? []) {
      if (state.get(dep) === "visiting") {
        // The path runs from dependent to dependency; reversed, it reads in run order.
        cycles.push([...path.slice(path.indexOf(dep)), dep].reverse());
      } else if (!state.has(dep)) {
        visit(dep);
      }
    }
    path.pop();
    state.set(id, "done");
  };
  for (const id of preds.keys()) if (!state.has(id)) visit(id);
  return cycles;
}
