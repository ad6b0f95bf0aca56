// Builds a World from a plan, a seed and a "now": AWS first (keys exist before the secrets that hold
// them), then GitHub, the OIDC roles, the activity both sides show, and the ground truth last.
import type { World } from "../world.js";
import { plantActivity } from "./activity.js";
import { buildAws, id } from "./build-aws.js";
import { buildOrg, buildRepo, type GithubContext } from "./build-github.js";
import { addOidc } from "./build-oidc.js";
import { ACTIONS_IP_RANGES } from "./cloudtrail.js";
import {
  SANDBOX_AWS_CREDENTIALS,
  SANDBOX_AWS_DELEGATED_CREDENTIALS,
  SANDBOX_CALLER_USER,
  SANDBOX_GITHUB_APP_LOGIN,
  SANDBOX_GITHUB_APP_TOKEN,
  SANDBOX_GITHUB_LIMITED_LOGIN,
  SANDBOX_GITHUB_LIMITED_SCOPES,
  SANDBOX_GITHUB_LIMITED_TOKEN,
  SANDBOX_GITHUB_LOGIN,
  SANDBOX_GITHUB_SCOPES,
  SANDBOX_GITHUB_TOKEN,
} from "./credentials.js";
import type { ScenarioPlan } from "./plan.js";
import { Rng } from "./random.js";
import { addStoreSecrets } from "./store-secrets.js";
import { computeTruth } from "./truth.js";

export function buildWorld(plan: ScenarioPlan, seed: number, now: string): World {
  const rng = new Rng(seed);
  const built = buildAws(plan, rng, now);
  const { aws } = built;
  // About one member for every two repositories, as in the companies the large scenario stands for;
  // it only matters to a GitHub App installation's rate limit.
  const org = { ...buildOrg(plan, rng, now, built.keysByRef), members: Math.max(10, Math.round(plan.repos.length / 2)) };
  const ctx: GithubContext = { plan, rng, now, keysByRef: built.keysByRef, accountIds: built.accountIds, org, orgSecretPlans: plan.orgSecrets };
  const records = plan.repos.map((p) => buildRepo(ctx, p));

  const oidcAccount = id(built.accountIds, plan.oidcAccount);
  const oidcIam = aws.iam[oidcAccount];
  if (oidcIam) addOidc(plan, rng, now, oidcIam, oidcAccount, org, records);

  aws.cloudtrail = plantActivity(plan, rng, now, records, built.keys);
  if (plan.storeSecrets) addStoreSecrets(plan.storeSecrets, org, records.map((r) => r.repo), now, built.keysByRef);

  const mgmt = aws.organization.managementAccountId;
  const caller = aws.iam[mgmt]?.users.find((u) => u.userName === SANDBOX_CALLER_USER);
  if (!caller) throw new Error(`scenario plan has no ${SANDBOX_CALLER_USER} user in the management account`);
  aws.callers[SANDBOX_AWS_CREDENTIALS.accessKeyId] = {
    accessKeyId: SANDBOX_AWS_CREDENTIALS.accessKeyId,
    secretAccessKey: SANDBOX_AWS_CREDENTIALS.secretAccessKey,
    accountId: mgmt,
    arn: caller.arn,
    userId: caller.userId,
  };
  const delegated = aws.organization.delegatedAdministrators?.[0]?.accountId;
  if (delegated) {
    aws.callers[SANDBOX_AWS_DELEGATED_CREDENTIALS.accessKeyId] = {
      accessKeyId: SANDBOX_AWS_DELEGATED_CREDENTIALS.accessKeyId,
      secretAccessKey: SANDBOX_AWS_DELEGATED_CREDENTIALS.secretAccessKey,
      accountId: delegated,
      arn: `arn:aws:iam::${delegated}:user/automation/${SANDBOX_AWS_DELEGATED_CREDENTIALS.userName}`,
      userId: "AIDASANDBOXDELEGATED1",
    };
  }

  return {
    now,
    seed,
    aws,
    github: {
      tokens: [
        { token: SANDBOX_GITHUB_TOKEN, scopes: [...SANDBOX_GITHUB_SCOPES], login: SANDBOX_GITHUB_LOGIN },
        { token: SANDBOX_GITHUB_LIMITED_TOKEN, scopes: [...SANDBOX_GITHUB_LIMITED_SCOPES], login: SANDBOX_GITHUB_LIMITED_LOGIN },
        { token: SANDBOX_GITHUB_APP_TOKEN, scopes: [...SANDBOX_GITHUB_SCOPES], login: SANDBOX_GITHUB_APP_LOGIN, kind: "installation" },
      ],
      orgs: [org],
      repos: records.map((r) => r.repo),
      actionsIpRanges: [...ACTIONS_IP_RANGES],
      rateLimit: { limit: 5000, graphqlLimit: 5000 },
    },
    truth: computeTruth(records, aws.accounts, aws.cloudtrail, ACTIONS_IP_RANGES),
  };
}
