// The `secrets` context a simulated job sees, with values, as a runner would hand them out:
// organization secrets visible to the repository, then repository secrets, then the job's
// environment's secrets over them (GitHub's precedence).
//
// The world does not store secret values (GitHub never returns them); what a secret holds is the
// scenario's record of which key it was set to (world.truth.links, written when the world was
// built, never by the analyzer). A linked pair is [key id, secret access key]; a single linked name
// is the secret access key (the id then sits in a variable or in the file). IAM keys in the world
// carry no secret either: each key's is derived from its id (secretOf). Every other secret holds an
// opaque stand-in that is no AWS credential. These values stay inside the runner: reports name key
// ids, never a value.

import { createHash } from "node:crypto";
import type { GithubRepo, World } from "../world.js";

type Links = World["truth"]["links"];
type Scope = Links[number]["scope"];

export interface SecretsSource {
  /** The context of a job in `environment`; `passed` replaces the repository and organization secrets (a called workflow's). */
  secretsFor(environment: string | undefined, passed?: Record<string, string>): Record<string, string>;
  /** Whether `name` once held a key this repository used (a job reading it unset fails rather than skips). */
  heldKey(name: string): boolean;
}

export function secretsSource(world: World, repo: GithubRepo): SecretsSource {
  const org = world.github.orgs.find((o) => o.login === repo.owner);
  const visible = (s: { visibility: string; selectedRepos?: string[] }) =>
    s.visibility === "all" || (s.visibility === "private" ? repo.visibility !== "public" : (s.selectedRepos ?? []).includes(repo.fullName));
  const base: Record<string, string> = {};
  for (const s of org?.secrets.filter(visible) ?? []) base[s.name] = valueOf(world, repo, s.name, "organization", undefined);
  for (const s of repo.secrets) base[s.name] = valueOf(world, repo, s.name, "repo", undefined);
  base["GITHUB_TOKEN"] = "ghs_sandbox-job-token";
  const linked = new Set(world.truth.links.filter((l) => l.repo === repo.fullName).flatMap((l) => l.secretNames.map((n) => n.toUpperCase())));
  return {
    secretsFor(environment, passed) {
      const out: Record<string, string> = { GITHUB_TOKEN: base["GITHUB_TOKEN"] as string, ...(passed ?? base) };
      for (const s of repo.environments.find((e) => e.name === environment)?.secrets ?? []) out[s.name] = valueOf(world, repo, s.name, "environment", environment);
      return out;
    },
    heldKey: (name) => linked.has(name.toUpperCase()),
  };
}

function valueOf(world: World, repo: GithubRepo, name: string, scope: Scope, environment: string | undefined): string {
  const same = (n: string) => n.toUpperCase() === name.toUpperCase();
  // An organization secret holds one value for every repository that sees it.
  const link = world.truth.links.find(
    (l) => l.scope === scope && (scope === "organization" || l.repo === repo.fullName) && (scope !== "environment" || l.environment === environment) && l.secretNames.some(same),
  );
  if (!link) return `sandbox-stand-in:${scope}:${environment ?? ""}:${name}`;
  const isId = link.secretNames.length >= 2 && same(link.secretNames[0] as string);
  return isId ? link.accessKeyId : secretOf(link.accessKeyId);
}

/** The secret access key of the world's key `accessKeyId` (40 characters, like AWS's; a fake). */
export function secretOf(accessKeyId: string): string {
  return createHash("sha256").update(`keyless-sandbox-secret-access-key:${accessKeyId}`).digest("base64").replace(/[^A-Za-z0-9]/g, "").slice(0, 40).padEnd(40, "K");
}
