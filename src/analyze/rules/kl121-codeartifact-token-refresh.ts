// KL121: a scheduled workflow that uses a static AWS key to fetch a CodeArtifact token and writes it
// into a Dependabot secret (`gh secret set … --app dependabot`, or the REST API's dependabot/secrets),
// so that dependabot.yml's registry can read it. Dependabot can assume an AWS role itself now: the
// registry takes `aws-region`, `account-id`, `role-name`, `domain` and `domain-owner`, and the workflow
// and its key go away.
import { parse } from "yaml";
import type { Finding } from "../model.js";
import { groupBy, makeFinding } from "./helpers.js";
import type { KeylessRule } from "./types.js";

const GET_TOKEN = /aws\s+codeartifact\s+get-authorization-token\b/;
const DEPENDABOT_WRITE = /gh\s+secret\s+set\b[^\n]*?(?:--app|-a)(?:\s+|=)dependabot\b|\/dependabot\/secrets\//;
const SECRET_NAME = /gh\s+secret\s+set\s+([A-Za-z_][A-Za-z0-9_]*)|dependabot\/secrets\/([A-Za-z_][A-Za-z0-9_]*)/;

export const KL121: KeylessRule = {
  id: "KL121",
  name: "DependabotCodeArtifactTokenRefresh",
  title: "Dependabot's CodeArtifact token refreshed with a static key",
  severity: "high",
  description:
    "A workflow on a schedule hands a static AWS key to a job (KL101) that runs `aws codeartifact get-authorization-token` and " +
    "writes the token into a Dependabot secret (`gh secret set NAME --app dependabot`, or the REST API's `dependabot/secrets`), " +
    "the usual way to let Dependabot read a CodeArtifact registry before it could assume a role. Located at the token command.",
  rationale:
    "The key exists only to mint registry tokens, lives as long as nobody rotates it, and every run puts a 12-hour token into a " +
    "store more workflows can read. Dependabot now authenticates to CodeArtifact with GitHub's OIDC token and an IAM role of its " +
    "own, so both the key and the workflow can go. High: a standing key for a task that no longer needs one.",
  remediation:
    "In `.github/dependabot.yml`, replace the registry's `token: ${{secrets.NAME}}` with `aws-region`, `account-id`, `role-name`, " +
    "`domain` and `domain-owner` (`keyless generate` writes that patch when it can read the file), create the role (trusted by " +
    "the account's GitHub OIDC provider for this repository, allowed `codeartifact:GetAuthorizationToken` on the domain, " +
    "`sts:GetServiceBearerToken` for codeartifact.amazonaws.com and `codeartifact:ReadFromRepository` on the repository), " +
    "then delete the refresh workflow, the Dependabot secret and the key.",
  tags: ["aws", "credentials", "dependabot"],
  about: "usage",
  check(context) {
    const byFile = groupBy(context.usages, (u) => `${u.repo}\n${u.path}`);
    const out: Finding[] = [];
    for (const repo of context.inventory.github?.repos ?? []) {
      for (const file of repo.workflows) {
        if (!file.text || !file.path.startsWith(".github/workflows/")) continue;
        const usages = (byFile.get(`${repo.fullName}\n${file.path}`) ?? []).filter((u) => u.kind !== "literal-key-id");
        if (usages.length === 0 || !GET_TOKEN.test(file.text) || !DEPENDABOT_WRITE.test(file.text) || !scheduled(file.text)) continue;
        const found = refresh(file.text);
        const line = file.text.slice(0, file.text.search(GET_TOKEN)).split("\n").length;
        const keys = [["aws-region", found.region], ["domain", found.domain], ["domain-owner", found.domainOwner]].filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`);
        out.push(
          makeFinding(KL121, { type: "repo", repo: repo.fullName }, file.path, {
            message:
              `${file.path} refreshes the Dependabot secret ${found.secret ?? "(name not found)"} with a CodeArtifact token fetched with a static AWS key, on a schedule. ` +
              "Dependabot can assume an AWS role itself: give the registry in .github/dependabot.yml its OIDC keys and delete the workflow and the key.",
            evidence: [
              `${file.path}:${line}: aws codeartifact get-authorization-token, with the key of ${usages[0]?.path}:${usages[0]?.line}; the token is written to Dependabot's secrets.`,
              ...(keys.length > 0 ? [`The registry's OIDC keys, from the command: ${keys.join(", ")} (plus account-id and role-name of the role to create).`] : []),
            ],
            location: { repo: repo.fullName, path: file.path, line, column: 1 },
          }),
        );
      }
    }
    return out;
  },
};

/** The Dependabot secret a workflow file refreshes with a CodeArtifact token on a schedule (whatever its credentials). */
export function refreshedSecret(text: string): string | undefined {
  if (!GET_TOKEN.test(text) || !DEPENDABOT_WRITE.test(text) || !scheduled(text)) return undefined;
  return refresh(text).secret;
}

function scheduled(text: string): boolean {
  try {
    const on = (parse(text) as { on?: unknown } | null)?.on;
    if (typeof on === "string") return on === "schedule";
    if (Array.isArray(on)) return on.includes("schedule");
    return typeof on === "object" && on !== null && "schedule" in on;
  } catch {
    return false;
  }
}

/** What the command says: the Dependabot secret written, and the domain, its owner and the region. */
export function refresh(text: string): { secret?: string; domain?: string; domainOwner?: string; region?: string } {
  const flag = (name: string) => new RegExp(`--${name}[\\s=]+["']?([A-Za-z0-9][A-Za-z0-9-]*)`).exec(text)?.[1];
  const m = SECRET_NAME.exec(text);
  const secret = m?.[1] ?? m?.[2];
  const domain = flag("domain");
  const domainOwner = flag("domain-owner");
  const region = flag("region");
  return { ...(secret ? { secret } : {}), ...(domain ? { domain } : {}), ...(domainOwner && /^\d{12}$/.test(domainOwner) ? { domainOwner } : {}), ...(region ? { region } : {}) };
}
