// KL115: a secret access key or session token written literally in a workflow, a local action or a
// run script. Found by the name it is given or right after a key id (literal-secrets.ts), in every
// file's text, also one whose YAML is broken. Only where it sits is reported, never the value.
import type { AccessKey, Repo } from "../../inventory/schema.js";
import type { Finding } from "../model.js";
import { KEY_ID } from "../workflows/expressions.js";
import { isMasked, literalSecretSpans } from "../../core/literal-secrets.js";
import { makeSource, position, type SourceFile } from "../workflows/source.js";
import type { Usage } from "../workflows/types.js";
import { groupBy, makeFinding, usagePlace } from "./helpers.js";
import { owner } from "./keys.js";
import type { KeylessRule } from "./types.js";

/** How far (in lines) a key id may sit from the secret and still be taken as its pair. */
const PAIR_LINES = 3;
const IGNORE = /#\s*keyless:\s*ignore(?:\[([^\]]*)\])?/i;

export const KL115: KeylessRule = {
  id: "KL115",
  name: "CommittedSecretKey",
  title: "Secret access key written in a repository file",
  severity: "critical",
  description:
    "A secret access key or session token written literally in a workflow, a local (composite) action or a run script: given to " +
    "a name that carries one (`AWS_SECRET_ACCESS_KEY`, `aws-secret-access-key`, `aws configure set aws_secret_access_key`, " +
    "`export AWS_SESSION_TOKEN=`…) or written right after an access key id. Never found by shape alone (a commit SHA is 40 " +
    "characters too). The access key id written beside it (within three lines) names the key, and through it the IAM user.",
  rationale:
    "Anyone who can read the repository, or any clone or fork of it, holds the key: it stays in the history even after the line " +
    "is deleted, and migrating the workflow to OIDC does not make it safe. For a public repository, assume it is already used by " +
    "someone else. Critical: a working credential is exposed.",
  remediation:
    "Rotate the key now (create a new one if something still needs it, deactivate and then delete the exposed one), whatever " +
    "the migration does; look at the key's CloudTrail events for use you do not recognise. Then delete the line (keyless's " +
    "patch does) and migrate the job to OIDC (KL101). Rewriting the history does not help: clones and caches keep it.",
  tags: ["aws", "credentials", "secret-exposure"],
  about: "usage",
  check(context) {
    const keys = new Map((context.inventory.aws?.accessKeys ?? []).map((k) => [k.accessKeyId, k]));
    const byFile = groupBy(context.usages, (u) => `${u.repo}\n${u.path}`);
    const out: Finding[] = [];
    for (const repo of context.inventory.github?.repos ?? []) {
      for (const file of repo.workflows) {
        if (file.text === undefined) continue;
        const usages = byFile.get(`${repo.fullName}\n${file.path}`) ?? [];
        out.push(...fileFindings(repo, makeSource(file.path, file.text), usages, keys));
      }
    }
    return out;
  },
};

function fileFindings(repo: Repo, src: SourceFile, usages: Usage[], keys: Map<string, AccessKey>): Finding[] {
  const ids = keyIdsOf(src);
  const seen = new Map<string, number>();
  return literalSecretSpans(src.text).map((s) => {
    const at = position(src, s.offset);
    const end = position(src, s.end);
    const value = src.text.slice(s.offset, s.end);
    const what = s.end - s.offset >= 100 ? "session token" : "secret access key";
    const usage = usages.find((u) => [u.secretAccessKey, u.sessionToken].some((slot) => slot?.refs.some((r) => r.literalSecret && r.span.offset <= s.offset && s.end <= r.span.endOffset)));
    // A usage whose key id comes from elsewhere (a secret) says which id pairs with it: no guessing from lines nearby.
    const keyId = usage?.accessKeyId ? usage.accessKeyId.refs.find((r) => r.keyId)?.keyId : nearestKeyId(ids, at.line, s.offset);
    const key = keyId ? keys.get(keyId) : undefined;
    const anchorBase = `${repo.fullName.toLowerCase()}|${src.path}|${keyId ?? what}`;
    const n = (seen.get(anchorBase) ?? 0) + 1;
    seen.set(anchorBase, n);
    const sentences = [
      `A ${what} is written in ${src.path} at line ${at.line}${usage ? ` (${usagePlace(usage)})` : ""}: it is in the repository's history, rotate the key now.`,
      keyId ? keySentence(keyId, key) : "No access key id is written beside it: find the key by its secret in IAM (or rotate every key the job could use).",
      ...(repo.visibility === "public" ? ["The repository is public: assume someone else already has the key."] : []),
    ];
    const finding = makeFinding(KL115, { type: "repo", repo: repo.fullName }, `${anchorBase}|${n}`, {
      message: sentences.join(" "),
      evidence: [
        `${src.path}:${at.line}:${at.column}: a ${s.end - s.offset}-character ${what} (value not shown${isMasked(value) ? "; masked in the saved inventory" : ""}).`,
        ...(key ? [`Key ${key.accessKeyId}: ${key.status}, created ${key.createDate.slice(0, 10)}, last used ${key.lastUsed?.date?.slice(0, 10) ?? "never"}.`] : []),
      ],
      location: { repo: repo.fullName, path: src.path, line: at.line, column: at.column, endLine: end.line, endColumn: end.column },
    });
    const ignored = ignoredAt(src, at.line);
    if (ignored) finding.suppressed = { by: "inline", reason: `# keyless: ignore at ${src.path}:${ignored}` };
    return finding;
  });
}

function keySentence(keyId: string, key: AccessKey | undefined): string {
  if (!key) return `The key id written beside it is ${keyId}; the scanned AWS accounts do not know it (another organization's key, or a deleted one).`;
  const state = key.status === "Active" ? "It is still active" : "It is inactive (delete it)";
  return `It belongs to key ${keyId} of ${owner(key)} in account ${key.accountId}. ${state}.`;
}

interface KeyIdAt {
  keyId: string;
  line: number;
  offset: number;
}

function keyIdsOf(src: SourceFile): KeyIdAt[] {
  const re = new RegExp(KEY_ID.source, "g");
  const out: KeyIdAt[] = [];
  for (let m = re.exec(src.text); m; m = re.exec(src.text)) out.push({ keyId: m[0], line: position(src, m.index).line, offset: m.index });
  return out;
}

/** The key id closest to the secret within PAIR_LINES lines (an earlier one wins a tie: ids come first). */
function nearestKeyId(ids: KeyIdAt[], line: number, offset: number): string | undefined {
  let best: KeyIdAt | undefined;
  for (const id of ids) {
    if (Math.abs(id.line - line) > PAIR_LINES) continue;
    if (!best || Math.abs(id.offset - offset) < Math.abs(best.offset - offset)) best = id;
  }
  return best?.keyId;
}

/** The line of a `# keyless: ignore` (bare or naming KL115) on the secret's line or the line before. */
function ignoredAt(src: SourceFile, line: number): number | undefined {
  for (const l of [line, line - 1]) {
    const start = src.lineStarts[l - 1];
    if (start === undefined) continue;
    const m = IGNORE.exec(src.text.slice(start, src.lineStarts[l] ?? src.text.length));
    if (m && (m[1] === undefined || m[1].split(",").some((c) => c.trim().toUpperCase() === "KL115"))) return l;
  }
  return undefined;
}
