// Small builders for this folder's tests: a repository migrated and proven on OIDC, and a key
// linked to it, each overridable field by field.
import type { KeyEvidence, RepoEvidence, RunFact } from "../../src/verify/types.js";

export const MERGED_AT = "2026-11-20T12:00:00Z";

export function run(fields: Partial<RunFact> = {}): RunFact {
  return {
    id: 101,
    path: ".github/workflows/deploy.yml",
    headBranch: "main",
    event: "push",
    status: "completed",
    conclusion: "success",
    createdAt: "2026-11-20T12:05:00Z",
    url: "https://github.com/acme/api/actions/runs/101",
    ...fields,
  };
}

/** acme/api: ready in the plan, #7 merged, a successful run, both roles assumed after the merge. */
export function provenRepo(fields: Partial<RepoEvidence> = {}): RepoEvidence {
  return {
    repo: "acme/api",
    plan: { status: "ready", issues: [] },
    pr: { number: 7, url: "https://github.com/acme/api/pull/7", state: "merged", baseBranch: "main", mergedAt: MERGED_AT },
    runs: [run()],
    roles: [
      { arn: "arn:aws:iam::111111111111:role/keyless/gha-api-main", via: "web-identity", assumedAt: "2026-11-20T12:06:00Z", eventId: "e1" },
      { arn: "arn:aws:iam::222222222222:role/keyless/gha-api-deploy", via: "chained", assumedAt: "2026-11-20T12:06:01Z", eventId: "e2" },
    ],
    errors: [],
    ...fields,
  };
}

export function keyOf(fields: Partial<KeyEvidence> = {}, plan: Partial<KeyEvidence["plan"]> = {}): KeyEvidence {
  return {
    plan: { accessKeyId: "AKIAAAAAAAAAAAAAAAAA", accountId: "222222222222", userName: "gha-api", disposition: "retire-after-migration", repos: ["acme/api"], ...plan },
    links: [{ repo: "acme/api", confidence: "certain" }],
    state: { status: "Active" },
    lastUsed: "2026-11-19T08:00:00Z",
    lastUsedAtAudit: "2026-11-19T08:00:00Z",
    uses: [],
    events: [],
    errors: [],
    ...fields,
  };
}

export function reposOf(...repos: RepoEvidence[]): Map<string, RepoEvidence> {
  return new Map(repos.map((r) => [r.repo, r]));
}
