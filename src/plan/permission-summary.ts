// One sentence per deploy role saying which permissions it gets and on what evidence: plan.md and
// the pull request bodies both say it, in the same words.
import type { PlanRole } from "./schema.js";

const SHOWN = 8;

function some(items: string[]): string {
  return items.length <= SHOWN ? items.join(", ") : `${items.slice(0, SHOWN).join(", ")} and ${items.length - SHOWN} more`;
}

export function permissionSummary(role: PlanRole): string {
  const p = role.permissions;
  const n = p.narrowing;
  const copied = `the key user's policies, copied (${some([...p.managedPolicyArns, ...p.inlinePolicies.map((i) => `inline ${i.name}`)]) || "none"})`;
  if (!n) return p.narrowedTo ? `narrowed to the services ${p.narrowedTo.join(", ")} (leastPrivilege: last-used service and CloudTrail only)` : copied;
  const kept = [
    n.actions.length ? `${n.actions.length} action(s) the key used (${some(n.actions)}), on the resources the user's own statements name` : "",
    n.serviceLevelOnly.length ? `${n.serviceLevelOnly.join(", ")} as the user had it (evidence is service-level only)` : "",
  ].filter(Boolean);
  const dropped = n.droppedServices.length ? `; drops ${n.droppedServices.length} service(s) never used (${some(n.droppedServices)})` : "";
  if (n.chosen === "narrow") return `narrowed: keeps ${kept.join(" and ")}${dropped}. Evidence: ${n.evidence}. --permissions copy restores the user's policies`;
  return `${copied}, as --permissions copy asks; the narrowed policy (keeps ${kept.join(" and ")}${dropped}) is in plan.json. Evidence: ${n.evidence}`;
}
