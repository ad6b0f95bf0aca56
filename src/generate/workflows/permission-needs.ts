// Token scopes a job verifiably needs, for jobs that had the default permissions: declaring any
// `permissions:` block drops every scope not listed. Only a known action in a step, whose documented
// need is a scope, grants one; shell text never does (it can be a comment, a string, another remote).
// What shell text and token uses suggest is returned as doubts instead: the caller then leaves the
// job's permissions alone and asks the reviewer.
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

/** Commands that may write with the token; a hint for the reviewer, never a grant. */
const RUN_HINTS: Array<{ pattern: RegExp; scopes: Record<string, Level>; what: string }> = [
  { pattern: /\bgh\s+release\s+(create|upload|edit|delete)\b/, scopes: { contents: "write" }, what: "`gh release`" },
  { pattern: /\bgh\s+pr\s+(comment|create|edit|merge|review|close)\b/, scopes: { "pull-requests": "write" }, what: "`gh pr`" },
  { pattern: /\bgh\s+issue\s+(comment|create|edit|close)\b/, scopes: { issues: "write" }, what: "`gh issue`" },
  { pattern: /\bgit\s+push\b/, scopes: { contents: "write" }, what: "`git push`" },
  { pattern: /\bghcr\.io\b/, scopes: { packages: "read" }, what: "ghcr.io" },
];

export interface VisibleNeeds {
  /** Scopes verifiably needed: contents: read, and what known actions in the job document. */
  scopes: Record<string, Level>;
  /** Why each scope was added, for the reviewer. */
  evidence: string[];
  /** What keyless cannot verify: commands that may use the token, the token handed to steps whose needs are unknown. */
  doubts: string[];
  /** Scopes the doubts point at, for the reviewer's block. */
  hinted: Record<string, Level>;
}

/** Shell text without its whole-line comments (a trailing `#` may sit in a string: it stays). */
function withoutComments(script: string): string {
  return script.replace(/^[ \t]*#.*$/gm, "");
}

export function visibleNeeds(model: FileModel, job: JobCtx): VisibleNeeds {
  const scopes: Record<string, Level> = { contents: "read" };
  const hinted: Record<string, Level> = {};
  const evidence: string[] = [];
  const doubts: string[] = [];
  const add = (into: Record<string, Level>, found: Record<string, Level>, why?: string) => {
    for (const [scope, level] of Object.entries(found)) {
      if (into[scope] === "write" || into[scope] === level) continue;
      into[scope] = level;
      if (why) evidence.push(`${scope}: ${level} (${why})`);
    }
  };
  const envs: Array<[string, Entry | undefined]> = [
    ["in the workflow env", model.kind === "workflow" ? entry(model.doc, model.root, "env") : undefined],
    ["in the job env", job.env],
  ];
  for (const [what, e] of envs) {
    const range = e?.value?.range;
    if (range && TOKEN.test(model.text.slice(range[0], range[1]))) doubts.push(`the GITHUB_TOKEN is set ${what}`);
  }
  for (const step of job.steps) {
    const line = step.ref.span.line;
    const action = step.action?.action.toLowerCase();
    let known = false;
    if (action) {
      const withText = step.with?.value?.range ? model.text.slice(step.with.value.range[0], step.with.value.range[1]) : "";
      for (const need of ACTION_NEEDS) {
        if (!need.action.test(action) || (need.withMatches && !need.withMatches.test(withText))) continue;
        known = true;
        add(scopes, need.scopes, `${step.action?.action} at line ${line}`);
      }
    }
    const run = str(step.run?.value);
    if (run) {
      const script = withoutComments(run);
      for (const hint of RUN_HINTS) {
        if (!hint.pattern.test(script)) continue;
        doubts.push(`${hint.what} at line ${line}`);
        add(hinted, hint.scopes);
      }
    }
    const range = step.node.range;
    const stepText = range ? model.text.slice(range[0], range[1]) : "";
    if (!known && TOKEN.test(stepText)) doubts.push(`the GITHUB_TOKEN is used at line ${line}${step.ref.name ? ` ("${step.ref.name}")` : ""}`);
  }
  return { scopes, evidence, doubts, hinted };
}
