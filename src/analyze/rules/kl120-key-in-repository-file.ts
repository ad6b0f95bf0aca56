// KL120: an AWS key written in a repository file other than a workflow or action (.env, config/*.yml,
// *.tfvars…): from the secret-scanning alerts the API path reads (open ones, located by GitHub's first
// detection) and, with --local, from reading those files. Where it sits is reported, never the value.
import type { AccessKey, Repo } from "../../inventory/schema.js";
import type { Finding } from "../model.js";
import { makeFinding } from "./helpers.js";
import { owner } from "./keys.js";
import type { KeylessRule } from "./types.js";

const WORKFLOW_OR_ACTION = /^\.github\/workflows\/|(^|\/)action\.ya?ml$/;

interface Place {
  path: string;
  line: number;
  column: number;
  kind: "access-key-id" | "secret-access-key";
  accessKeyId?: string;
  source: string;
}

export const KL120: KeylessRule = {
  id: "KL120",
  name: "AwsKeyInRepositoryFile",
  title: "AWS key written in a repository file",
  severity: "critical",
  severityNote: "Medium when only an access key id is written (no secret access key found with it).",
  description:
    "An AWS secret access key or access key id written in a repository file that is not a workflow or an action — a dotenv " +
    "file, Terraform variables, a config folder, a credentials, properties or compose file, a shell script. Found through the " +
    "organization's open secret-scanning alerts (their first detected location) and, with `--local`, by reading those files " +
    "(files up to 1 MiB, binaries and links skipped; the patterns are listed in the README). Workflows and actions are KL102 and KL115.",
  rationale:
    "Anyone who can read the repository, a clone or a fork has the key, and it stays in the history after the line is deleted. " +
    "Migrating the workflows to OIDC does not retire a key that sits in a file. Critical for a secret access key: a working " +
    "credential is exposed; medium for a key id alone, which names the key and its account.",
  remediation:
    "Rotate the key now: deactivate and delete it once nothing needs it (create a new one only if something outside GitHub " +
    "still does), and look at its CloudTrail events for use you do not recognise. Remove the file or line, keep such values " +
    "out of the repository (a secret store, `.gitignore` for `.env`), and migrate the jobs that used it to OIDC.",
  tags: ["aws", "credentials", "secret-exposure"],
  about: "secret",
  check(context) {
    const keys = new Map((context.inventory.aws?.accessKeys ?? []).map((k) => [k.accessKeyId, k]));
    return (context.inventory.github?.repos ?? []).flatMap((repo) => repoFindings(repo, keys));
  },
};

function places(repo: Repo): Place[] {
  const out = new Map<string, Place>();
  const add = (p: Place) => {
    const id = `${p.path}\u0000${p.line}\u0000${p.kind}`;
    if (!out.has(id)) out.set(id, p);
  };
  for (const a of repo.secretScanningAlerts) {
    if (a.state !== "open" || !a.path || !a.line || WORKFLOW_OR_ACTION.test(a.path)) continue;
    const kind = a.secretType === "aws_secret_access_key" ? "secret-access-key" : a.secretType === "aws_access_key_id" ? "access-key-id" : undefined;
    if (kind) add({ path: a.path, line: a.line, column: 1, kind, ...(a.accessKeyId ? { accessKeyId: a.accessKeyId } : {}), source: `secret-scanning alert #${a.number}` });
  }
  for (const f of repo.fileKeys ?? []) add({ ...f, source: "read in the checkout" });
  return [...out.values()];
}

function repoFindings(repo: Repo, keys: Map<string, AccessKey>): Finding[] {
  const all = places(repo);
  const byFile = new Map<string, Place[]>();
  for (const p of all) byFile.set(p.path, [...(byFile.get(p.path) ?? []), p]);
  const out: Finding[] = [];
  for (const [path, list] of byFile) {
    const secrets = list.filter((p) => p.kind === "secret-access-key");
    const ids = list.filter((p) => p.kind === "access-key-id");
    // A key id with a secret in the same file names that secret's key: one finding, at the secret.
    const reported = secrets.length > 0 ? secrets : ids;
    for (const p of reported) {
      const keyId = p.accessKeyId ?? nearest(ids, p.line)?.accessKeyId;
      const key = keyId ? keys.get(keyId) : undefined;
      const what = p.kind === "secret-access-key" ? "A secret access key" : `The access key id ${p.accessKeyId}`;
      const whose = key ? ` It belongs to key ${key.accessKeyId} of ${owner(key)} in account ${key.accountId} (${key.status.toLowerCase()}).` : keyId && p.kind === "secret-access-key" ? ` The key id beside it is ${keyId}.` : "";
      out.push(
        makeFinding(KL120, { type: "repo", repo: repo.fullName }, `${path}|${p.line}|${p.kind}`, {
          ...(p.kind === "access-key-id" ? { severity: "medium" as const } : {}),
          message: `${what} is written in ${path} at line ${p.line} of ${repo.fullName}: it is in the repository's history, rotate the key.${whose}`,
          evidence: [`${path}:${p.line}: ${p.kind === "secret-access-key" ? "a secret access key (value not shown)" : `key id ${p.accessKeyId}`}, ${p.source}.`],
          location: { repo: repo.fullName, path, line: p.line, column: p.column },
        }),
      );
    }
  }
  return out;
}

/** The key id closest to a line in the same file, within three lines. */
function nearest(ids: Place[], line: number): Place | undefined {
  return ids.filter((i) => Math.abs(i.line - line) <= 3).sort((a, b) => Math.abs(a.line - line) - Math.abs(b.line - line))[0];
}
