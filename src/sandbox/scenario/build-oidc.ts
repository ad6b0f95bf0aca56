// The GitHub OIDC side of AWS: the provider in one account and the roles that trust it. Built after the
// repos because a trust written for the immutable subject names the owner and repo ids.
import type { GithubOrg, IamAccount, PolicyRef as WorldPolicyRef } from "../world.js";
import { role } from "./build-aws.js";
import type { RepoRecord } from "./build-github.js";
import type { ScenarioPlan } from "./plan.js";
import { awsManagedArn, parsePolicyRef, policyDocument } from "./policies.js";
import { workTime, type Rng } from "./random.js";

const ISSUER = "token.actions.githubusercontent.com";
// GitHub's published certificate thumbprints (AWS no longer checks them for this issuer).
const THUMBPRINTS = ["6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"];

export function addOidc(plan: ScenarioPlan, rng: Rng, now: string, iam: IamAccount, accountId: string, org: GithubOrg, records: RepoRecord[]): void {
  const providerArn = `arn:aws:iam::${accountId}:oidc-provider/${ISSUER}`;
  iam.oidcProviders.push({ arn: providerArn, url: ISSUER, clientIdList: ["sts.amazonaws.com"], thumbprintList: THUMBPRINTS, createDate: workTime(rng, now, 420) });
  const repoId = (name: string) => records.find((r) => r.repo.name === name)?.repo.id;

  for (const r of plan.oidcRoles) {
    const subjects = r.subjects.map((s) =>
      s.replace(/\{immutable:([^}]+)\}/, (_, name: string) => `repo:${org.login}@${org.id}/${name}@${repoId(name) ?? 0}`),
    );
    const condition: Record<string, unknown> = {
      ...(r.noAudience ? {} : { StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" } }),
      StringLike: { [`${ISSUER}:sub`]: subjects.length === 1 ? subjects[0] : subjects },
    };
    const attached: WorldPolicyRef[] = [];
    const created = role(rng, accountId, r.roleName, workTime(rng, now, rng.int(60, 400)), { Federated: providerArn }, "sts:AssumeRoleWithWebIdentity", attached, condition);
    for (const ref of r.policies) {
      const { kind, name } = parsePolicyRef(ref);
      if (kind === "aws") attached.push({ arn: awsManagedArn(name), name });
      else if (kind === "inline") created.inlinePolicies.push({ name, document: policyDocument(org.login, name) });
      else {
        const arn = `arn:aws:iam::${accountId}:policy/${name}`;
        if (!iam.policies.some((p) => p.arn === arn)) iam.policies.push({ arn, name, path: "/", defaultVersionId: "v1", document: policyDocument(org.login, name), createDate: created.createDate });
        attached.push({ arn, name });
      }
    }
    created.description = `GitHub Actions OIDC role for ${subjects.join(", ")}`;
    iam.roles.push(created);
  }
}
