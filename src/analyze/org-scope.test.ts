// In a scan of several organizations, an organization secret or variable reaches only its own
// organization's repositories, and the two organizations' secrets of the same name stay apart.
import { describe, expect, it } from "vitest";
import { joinOrgs } from "../discover/github/orgs.js";
import type { Inventory } from "../inventory/schema.js";
import { orgSecretsVisibleTo } from "./audit.js";
import { repoStore } from "./links/credential-sets.js";
import { smallRepo } from "../../test/support/plan.js";

const gh = (org: string, secretName: string): NonNullable<Inventory["github"]> => ({
  org,
  apiUrl: "https://api.github.com",
  repos: [{ ...smallRepo("api", {}), fullName: `${org}/api`, owner: org }],
  orgSecrets: [{ name: secretName, scope: "organization", visibility: "all" }],
  orgVariables: [{ name: "AWS_REGION", value: `${org}-region`, scope: "organization" }],
  actionsIpRanges: [],
});

describe("organization secrets across several organizations", () => {
  const joined = joinOrgs([gh("acme", "AWS_ACCESS_KEY_ID"), gh("acme-labs", "LABS_KEY_ID")]);

  it("tags each organization secret and variable with its organization", () => {
    expect(joined.orgs).toEqual(["acme", "acme-labs"]);
    expect(joined.orgSecrets.map((s) => s.org)).toEqual(["acme", "acme-labs"]);
    expect(joined.org).toBe("acme,acme-labs");
  });

  it("shows a repo only its own organization's secrets and variables", () => {
    const labs = joined.repos.find((r) => r.fullName === "acme-labs/api")!;
    expect(orgSecretsVisibleTo(labs, joined.orgSecrets).map((s) => s.name)).toEqual(["LABS_KEY_ID"]);
    const store = repoStore(labs, joined.orgSecrets, joined.orgVariables);
    expect(store.orgSecrets.map((s) => s.name)).toEqual(["LABS_KEY_ID"]);
    expect(store.variables.map((v) => v.value)).toEqual(["acme-labs-region"]);
  });

  it("keeps a one-organization inventory (no org on its secrets) as before", () => {
    const single = gh("acme", "AWS_ACCESS_KEY_ID");
    expect(orgSecretsVisibleTo(single.repos[0]!, single.orgSecrets).map((s) => s.name)).toEqual(["AWS_ACCESS_KEY_ID"]);
  });
});
