// Name evidence (low): an IAM user named after the repo or the secret that holds its key
// (gha-billing-api-prod ~ billing-api, gha-plugin-publisher ~ PLUGIN_AWS_ACCESS_KEY_ID).
import type { Claim, LinkContext } from "./context.js";

// Words that say nothing about which project a name belongs to.
const GENERIC = new Set([
  "gha", "github", "actions", "action", "gh", "ci", "cd", "aws", "amazon", "access", "secret", "key", "id", "token", "iam",
  "user", "bot", "deploy", "deployer", "deployment", "prod", "production", "staging", "stage", "dev", "development", "test",
  "qa", "main", "admin", "svc", "service", "org", "the",
]);

/** The distinctive words of a name: lower case, generic words dropped, plurals folded. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "" && !GENERIC.has(w))
    .map((w) => (w.length >= 4 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w));
}

/**
 * One name's distinctive words appear, in order and together, among the other's (billing-api ~
 * gha-billing-api-prod, payments ~ payments-gateway), with at least 4 letters between them (3 when
 * both names come down to the same words). A number
 * left over on the longer side names another instance (ads-api is not ads-api-1304).
 */
export function namesMatch(a: string, b: string): boolean {
  return wordsMatch(nameWords(a), nameWords(b));
}

function wordsMatch(x: string[], y: string[]): boolean {
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  const same = short.length === long.length && short.every((w, i) => long[i] === w);
  // Short cores only count when the names say exactly the same (maps-service ~ gha-maps-service).
  if (short.length === 0 || short.join("").length < (same ? 3 : 4)) return false;
  for (let i = 0; i + short.length <= long.length; i++) {
    if (!short.every((w, j) => long[i + j] === w)) continue;
    const rest = [...long.slice(0, i), ...long.slice(i + short.length)];
    if (!rest.some((w) => /^\d+$/.test(w))) return true;
  }
  return false;
}

export function nameClaims(ctx: LinkContext): Claim[] {
  const claims: Claim[] = [];
  // Words are computed once: this runs for every key against every key-using repo.
  const repos = [...ctx.repos.values()]
    .filter((r) => r.sets.length > 0)
    .map((r) => ({ ctx: r, words: nameWords(r.repo.name), sets: r.sets.map((set) => ({ set, names: set.idNames.map((n) => ({ name: n, words: nameWords(n) })) })) }));
  // Names match only when they share a word: each key is compared with the repos that share one,
  // not with every key-using repo (thousands of keys times thousands of repos in a large org).
  const byWord = new Map<string, number[]>();
  repos.forEach((repo, i) => {
    for (const word of new Set([...repo.words, ...repo.sets.flatMap((s) => s.names.flatMap((n) => n.words))])) {
      const list = byWord.get(word);
      if (list) list.push(i);
      else byWord.set(word, [i]);
    }
  });
  for (const key of ctx.keys.values()) {
    const user = nameWords(key.userName);
    if (key.isRoot || user.join("").length < 4) continue;
    const candidates = new Set<number>();
    for (const word of user) for (const i of byWord.get(word) ?? []) candidates.add(i);
    for (const i of [...candidates].sort((a, b) => a - b)) {
      const repo = repos[i];
      if (!repo) continue;
      const byRepo = wordsMatch(user, repo.words);
      const bySecret = repo.sets.filter((s) => s.names.some((n) => wordsMatch(user, n.words)));
      if (!byRepo && bySecret.length === 0) continue;
      const secret = bySecret[0]?.names.find((n) => wordsMatch(user, n.words))?.name;
      const name = repo.ctx.repo.name;
      const what = byRepo ? `the repository name ${name}` : `the secret name ${secret}`;
      claims.push({
        accessKeyId: key.accessKeyId,
        repo: repo.ctx.repo.fullName,
        evidence: {
          kind: "name-match",
          confidence: "low",
          summary: `The key's IAM user ${key.userName} is named like ${what}.`,
          refs: { userName: key.userName, ...(byRepo ? { repoName: name } : {}), ...(secret ? { secretName: secret } : {}) },
        },
        ...(bySecret.length > 0 ? { sets: bySecret.map((s) => s.set) } : {}),
      });
    }
  }
  return claims;
}

// What workflow text reveals about the AWS services a job calls, by IAM's last-used service name.
const SERVICE_HINTS: Array<[string, RegExp]> = [
  ["s3", /\baws\s+s3(api)?\b|s3:\/\/|s3[-_]?sync|s3[-_]deploy|upload[-_]s3|\bs3\b/i],
  ["ecr", /amazon-ecr-login|\baws\s+ecr\b|\.dkr\.ecr\.|\becr\b/i],
  ["cloudformation", /cloudformation|\bcdk\s+(deploy|synth|diff|bootstrap)|\bsam\s+(deploy|build|package)|\bserverless\b|\bsls\s+deploy/i],
  ["lambda", /\baws\s+lambda\b|\blambda\b|\bsam\s+deploy|\bserverless\b|\bsls\s+deploy/i],
  ["ecs", /amazon-ecs-|\baws\s+ecs\b|\becs\b/i],
  ["eks", /\baws\s+eks\b|update-kubeconfig|\beks\b|kubectl/i],
  ["batch", /\baws\s+batch\b|submit-job/i],
  ["sts", /role-to-assume|assume-role|\baws\s+sts\b/i],
  ["ec2", /\bterraform\b|\baws\s+ec2\b/i],
  ["iam", /\bterraform\b|\baws\s+iam\b/i],
  ["cloudfront", /cloudfront|create-invalidation/i],
  ["elasticbeanstalk", /beanstalk/i],
  ["codedeploy", /codedeploy/i],
  ["ssm", /\baws\s+ssm\b|parameter-store/i],
  ["secretsmanager", /secretsmanager|secrets-manager/i],
  ["dynamodb", /dynamodb/i],
  ["sns", /\baws\s+sns\b/i],
  ["sqs", /\baws\s+sqs\b/i],
];

/** Services the repo's key-using files seem to call. */
export function workflowServices(texts: string[]): Set<string> {
  const found = new Set<string>();
  for (const [service, re] of SERVICE_HINTS) if (texts.some((t) => re.test(t))) found.add(service);
  return found;
}

const STAGES: Array<[string, RegExp]> = [
  ["prod", /^(prod|production|prd|live)$/],
  ["staging", /^(staging|stage|stg|preprod)$/],
  ["dev", /^(dev|develop|development)$/],
  ["test", /^(test|testing|qa|uat)$/],
];

/** The deployment stage a name mentions (gha-billing-api-prod, STAGING_AWS_KEY, environment "production"). */
export function stageOf(name: string | undefined): string | undefined {
  const words = (name ?? "").replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/);
  for (const [stage, re] of STAGES) if (words.some((w) => re.test(w))) return stage;
  return undefined;
}

export function sameStage(a: string | undefined, b: string | undefined): boolean {
  const x = stageOf(a);
  return x !== undefined && x === stageOf(b);
}
