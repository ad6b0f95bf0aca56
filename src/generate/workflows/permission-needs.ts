// Token scopes a job visibly needs, for jobs that had the default permissions: declaring any
// `permissions:` block drops every scope not listed. Only what the file shows is counted; the
// reviewer confirms the rest.
import type { JobCtx } from "../../analyze/workflows/scope.js";
import { entry, str, type Entry } from "../../analyze/workflows/yaml-nodes.js";
import type { FileModel } from "./model.js";

type Level = "read" | "write";

const TOKEN = /\b(secrets\.GITHUB_TOKEN|github\.token)\b/;

interface ActionNeed {
  action: RegExp;
  scopes: Record<string, Level>;
  /** Only when one of the step's inputs matches (docker/login-action to ghcr.io). */
  withMatches?: RegExp;
}

const ACTION_NEEDS: ActionNeed[] = [
  { action: /^actions\/checkout$/, scopes: { contents: "read" } },
  { action: /^(marocchino\/sticky-pull-request-comment|thollander\/actions-comment-pull-request|mshick\/add-pr-comment)$/, scopes: { "pull-requests": "write" } },
  { action: /^peter-evans\/create-or-update-comment$/, scopes: { issues: "write", "pull-requests": "write" } },
  { action: /^peter-evans\/create-pull-request$/, scopes: { contents: "write", "pull-requests": "write" } },
  { action: /^(softprops\/action-gh-release|ncipollo\/release-action|actions\/create-release|actions\/upload-release-asset|svenstaro\/upload-release-action)$/, scopes: { contents: "write" } },
  { action: /^(stefanzweifel\/git-auto-commit-action|endbug\/add-and-commit)$/, scopes: { contents: "write" } },
  { action: /^github\/codeql-action\/upload-sarif$/, scopes: { "security-events": "write" } },
  { action: /^actions\/deploy-pages$/, scopes: { pages: "write" } },
  { action: /^(dorny\/test-reporter|enricomi\/publish-unit-test-result-action(\/.*)?|mikepenz\/action-junit-report)$/, scopes: { checks: "write" } },
  { action: /^docker\/login-action$/, scopes: { packages: "write" }, withMatches: /ghcr\.io/ },
  { action: /^actions\/(stale|labeler)$/, scopes: { issues: "write", "pull-requests": "write" } },
];

const RUN_NEEDS: Array<{ pattern: RegExp; scopes: Record<string, Level>; what: string }> = [
  { pattern: /\bgh\s+release\s+(create|upload|edit|delete)\b/, scopes: { contents: "write" }, what: "`gh release`" },
  { pattern: /\bgh\s+pr\s+(comment|create|edit|merge|review|close)\b/, scopes: { "pull-requests": "write" }, what: "`gh pr`" },
  { pattern: /\bgh\s+issue\s+(comment|create|edit|close)\b/, scopes: { issues: "write" }, what: "`gh issue`" },
  { pattern: /\bgit\s+push\b/, scopes: { contents: "write" }, what: "`git push`" },
  { pattern: /\bdocker\s+push\s+ghcr\.io\b|\bghcr\.io\/[^\s]+\s*$/m, scopes: { packages: "write" }, what: "a push to ghcr.io" },
];

export interface VisibleNeeds {
  scopes: Record<string, Level>;
  /** Why each scope was added, for the reviewer. */
  evidence: string[];
  /** Steps that hand the token to something whose needs are unknown. */
  tokenUses: string[];
}

export function visibleNeeds(model: FileModel, job: JobCtx): VisibleNeeds {
  const scopes: Record<string, Level> = { contents: "read" };
  const evidence: string[] = [];
  const tokenUses: string[] = [];
  const add = (found: Record<string, Level>, why: string) => {
    for (const [scope, level] of Object.entries(found)) {
      if (scopes[scope] === "write" || scopes[scope] === level) continue;
      scopes[scope] = level;
      evidence.push(`${scope}: ${level} (${why})`);
    }
  };
  const envs: Array<[string, Entry | undefined]> = [
    ["in the workflow env", model.kind === "workflow" ? entry(model.doc, model.root, "env") : undefined],
    ["in the job env", job.env],
  ];
  for (const [what, e] of envs) {
    const range = e?.value?.range;
    if (range && TOKEN.test(model.text.slice(range[0], range[1]))) tokenUses.push(what);
  }
  for (const step of job.steps) {
    const line = step.ref.span.line;
    const action = step.action?.action.toLowerCase();
    if (action) {
      const withText = step.with?.value?.range ? model.text.slice(step.with.value.range[0], step.with.value.range[1]) : "";
      for (const need of ACTION_NEEDS) {
        if (need.action.test(action) && (!need.withMatches || need.withMatches.test(withText))) add(need.scopes, `${step.action?.action} at line ${line}`);
      }
    }
    const run = str(step.run?.value);
    if (run) for (const need of RUN_NEEDS) if (need.pattern.test(run)) add(need.scopes, `${need.what} at line ${line}`);
    const range = step.node.range;
    const stepText = range ? model.text.slice(range[0], range[1]) : "";
    if (TOKEN.test(stepText)) tokenUses.push(`at line ${line}${step.ref.name ? ` ("${step.ref.name}")` : ""}`);
  }
  return { scopes, evidence, tokenUses };
}
