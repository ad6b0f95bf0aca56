// A job that signs in with a key and then assumes a role named in the workflow: keyless advises
// letting the repository's entry role assume that role only when it saw the role (or the config
// names it), and never for the organization's access role.
import { describe, expect, it } from "vitest";
import type { Inventory } from "../inventory/schema.js";
import { planSmall, PROD, smallInventory, smallRepo } from "../../test/support/plan.js";

const KEY = "AKIAPRODKEYAAAAAAAAA";

function assuming(roleArn: string, seen: string[] = [], extra: Partial<NonNullable<Inventory["aws"]>> = {}): Inventory {
  const text = [
    "on:",
    "  push:",
    "    branches: [main]",
    "jobs:",
    "  deploy:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: aws-actions/configure-aws-credentials@v4",
    "        with:",
    "          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}",
    "          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}",
    "          aws-region: eu-west-1",
    `          role-to-assume: ${roleArn}`,
    "",
  ].join("\n");
  const inventory = smallInventory({ repos: [smallRepo("web", { ".github/workflows/deploy.yml": text })], users: [{ accountId: PROD, userName: "ci", keyId: KEY }] });
  Object.assign(inventory.aws!, { roles: seen.map((arn) => ({ accountId: arn.split(":")[4], roleName: arn.slice(arn.lastIndexOf("/") + 1), arn })), ...extra });
  return inventory;
}

const planFor = (inventory: Inventory, config = {}) => planSmall(inventory, config, [{ accessKeyId: KEY, repo: "acme/web" }]);
const codes = (plan: ReturnType<typeof planFor>) => plan.repos.flatMap((r) => r.issues.filter((i) => i.severity === "blocker").map((i) => i.code));

describe("the role a key-then-assume job names", () => {
  it("is never the organization's access role: the repo is blocked and no trust change is advised", () => {
    const org = `arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`;
    for (const plan of [planFor(assuming(org, [org])), planFor(assuming(org))]) {
      expect(plan.repos[0]?.status).toBe("blocked");
      expect(codes(plan)).toContain("OrganizationAccessRole");
      expect(plan.existingRoleChanges).toEqual([]);
    }
    const audit = `arn:aws:iam::${PROD}:role/acme-audit`;
    const plan = planFor(assuming(audit, [audit], { auditRoleName: "acme-audit" }));
    expect(codes(plan)).toContain("OrganizationAccessRole");
    expect(plan.existingRoleChanges).toEqual([]);
  });

  it("is trusted into only when the scan saw it or the config names it; otherwise the repo asks to confirm it", () => {
    const role = `arn:aws:iam::${PROD}:role/deployer`;
    const unseen = planFor(assuming(role));
    expect(unseen.repos[0]?.status).toBe("blocked");
    expect(codes(unseen)).toEqual(["UnconfirmedRole"]);
    expect(unseen.repos[0]?.issues.find((i) => i.code === "UnconfirmedRole")?.remediation).toMatch(/deployRoles\.222222222222\.arn/);
    expect(unseen.existingRoleChanges).toEqual([]);

    const seen = planFor(assuming(role, [role]));
    expect(seen.repos[0]?.status).toBe("ready");
    expect(seen.existingRoleChanges.map((c) => c.roleArn)).toEqual([role]);

    const confirmed = planFor(assuming(role), { repos: { "acme/web": { deployRoles: { [PROD]: { arn: role } } } } });
    expect(confirmed.repos[0]?.status).toBe("ready");
    expect(confirmed.existingRoleChanges.map((c) => c.roleArn)).toEqual([role]);
  });
});
