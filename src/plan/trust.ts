// Trust and chaining policies, as IAM policy JSON. The rules they keep: web identity trust always has
// `aud` = sts.amazonaws.com (StringEquals) and a `sub` condition (IAM rejects GitHub trust without
// one), exact subjects use StringEquals and patterns StringLike in a statement of their own (two
// operators on `sub` in one statement would have to hold together), never an org-wide wildcard,
// never ForAllValues. A chained hop trusts named entry role ARNs for AssumeRole and TagSession.
// A pattern kept exact with StringNotLike (GitHub's `*` stops at `/`, subjects.ts) gets a statement
// of its own: in a shared statement its NotLike would also cut refs out of the other patterns.
import type { PolicyDocument, PolicyStatement, TrustedSubject } from "./schema.js";

export const STS_AUDIENCE = "sts.amazonaws.com";
const VERSION = "2012-10-17";

/** `https://token.actions.githubusercontent.com` → `token.actions.githubusercontent.com` (condition key prefix, provider ARN suffix). */
export function issuerHost(issuer: string): string {
  return issuer.replace(/^https:\/\//, "");
}

export function providerArn(partition: string, accountId: string, issuer: string): string {
  return `arn:${partition}:iam::${accountId}:oidc-provider/${issuerHost(issuer)}`;
}

export function webIdentityTrust(provider: string, issuer: string, subjects: TrustedSubject[]): PolicyDocument {
  const host = issuerHost(issuer);
  const aud = { [`${host}:aud`]: STS_AUDIENCE };
  const statements: PolicyStatement[] = [];
  const group = (operator: TrustedSubject["operator"]) => subjects.filter((s) => s.operator === operator).map((s) => s.value);
  const exact = group("StringEquals");
  const like = subjects.filter((s) => s.operator === "StringLike" && !s.notLike?.length).map((s) => s.value);
  const segments = subjects.filter((s) => s.operator === "StringLike" && s.notLike?.length).sort((a, b) => a.value.localeCompare(b.value));
  const base = { Effect: "Allow" as const, Principal: { Federated: provider }, Action: "sts:AssumeRoleWithWebIdentity" };
  if (exact.length > 0) {
    statements.push({ Sid: "GitHubActionsExact", ...base, Condition: { StringEquals: { ...aud, [`${host}:sub`]: one(exact) } } });
  }
  if (like.length > 0) {
    statements.push({ Sid: "GitHubActionsPattern", ...base, Condition: { StringEquals: aud, StringLike: { [`${host}:sub`]: one(like) } } });
  }
  segments.forEach((s, i) => {
    const condition = { StringEquals: aud, StringLike: { [`${host}:sub`]: s.value }, StringNotLike: { [`${host}:sub`]: one(s.notLike ?? []) } };
    statements.push({ Sid: `GitHubActionsSegment${i + 1}`, ...base, Condition: condition });
  });
  return { Version: VERSION, Statement: statements };
}

export function chainTrust(entryRoleArns: string[], externalId: string | undefined): PolicyDocument {
  return {
    Version: VERSION,
    Statement: [
      {
        Sid: "ChainFromEntryRole",
        Effect: "Allow",
        Principal: { AWS: one(entryRoleArns) },
        // configure-aws-credentials tags chained sessions, and AssumeRole with tags needs TagSession.
        Action: ["sts:AssumeRole", "sts:TagSession"],
        ...(externalId ? { Condition: { StringEquals: { "sts:ExternalId": externalId } } } : {}),
      },
    ],
  };
}

/** The entry role's only permission: chaining into its deploy roles. */
export function chainPermission(targetRoleArns: string[]): PolicyDocument {
  return {
    Version: VERSION,
    Statement: [{ Sid: "ChainIntoDeployRoles", Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: one(targetRoleArns) }],
  };
}

/** The statement to add to an existing role that a job used to assume with its key. */
export function existingRoleStatement(entryRoleArn: string, externalId: string | undefined): PolicyStatement {
  const doc = chainTrust([entryRoleArn], externalId);
  return { ...(doc.Statement[0] as PolicyStatement), Sid: "KeylessChainFromEntryRole" };
}

function one(values: string[]): string | string[] {
  const sorted = [...new Set(values)].sort();
  return sorted.length === 1 ? (sorted[0] as string) : sorted;
}
