// The default scenario: the acme organization, small enough to read and realistic enough to matter.
import { acmeAccounts, acmeGroups, acmeOidcRoles, acmeRootKeys, acmeUsers } from "./acme-aws.js";
import { acmeOrgSecrets, acmeRepos } from "./acme-github.js";
import { acmeStoreSecrets } from "./acme-stores.js";
import type { ScenarioPlan } from "./plan.js";

export function acmePlan(): ScenarioPlan {
  return {
    org: { login: "acme", name: "Acme Corp", createdDaysAgo: 2600 },
    accounts: acmeAccounts,
    management: "mgmt",
    oidcAccount: "tooling",
    targetAccount: "prod",
    groups: acmeGroups,
    users: acmeUsers,
    rootKeys: acmeRootKeys,
    oidcRoles: acmeOidcRoles,
    orgSecrets: acmeOrgSecrets,
    repos: acmeRepos,
    regions: ["eu-west-1", "us-east-1", "eu-central-1", "us-west-2"],
    runs: { min: 4, max: 7, days: 75 },
    storeSecrets: acmeStoreSecrets,
    // The security team's account runs Security Hub and GuardDuty for the organization.
    delegatedAdmins: [{ account: "security", services: ["guardduty.amazonaws.com", "securityhub.amazonaws.com"], daysAgo: 700 }],
  };
}
