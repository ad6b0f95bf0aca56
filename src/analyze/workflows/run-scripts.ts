// Keys written by `run:` scripts from workflow expressions (or as literal key ids):
// `sls config credentials --key ${{ secrets.X }}`, `aws configure set aws_access_key_id …`,
// `echo "AWS_ACCESS_KEY_ID=${{ … }}" >> $GITHUB_ENV`, `docker run -e …=`, `export …=`, TF_VAR_*.
// A value read from the shell (`--key "$AWS_ACCESS_KEY_ID"`) is not a new usage: its env is one.
import { classifyEnvName, classifyInputName, groupSlots, type SlotName } from "./credential-names.js";
import { carriesKey, type UsageDraft } from "./draft.js";
import { KEY_ID, refsOf } from "./expressions.js";
import { isSecretLiteral } from "../../core/literal-secrets.js";
import { span } from "./source.js";
import type { Scope } from "./scope.js";
import type { CredentialSlot, RunForm, ValueRef } from "./types.js";
import { entrySpan, sourceOf } from "./yaml-nodes.js";

interface Hit {
  slot: CredentialSlot;
  name: SlotName;
  form: RunForm;
}

export function runScriptUsages(scope: Scope): UsageDraft[] {
  const step = scope.step;
  const source = sourceOf(scope.file.src, step?.run?.value ?? null);
  if (!step?.run || !source) return [];
  const { text, offset: base } = source;
  const hits: Hit[] = [];
  const add = (nameStart: number, valueStart: number, slot: string, name: SlotName, form: RunForm) => {
    const value = valueAt(scope, text, valueStart, base);
    if (!value) return;
    const src = scope.file.src;
    hits.push({
      slot: {
        role: name.role,
        slot,
        standard: name.standard,
        refs: value.refs,
        yamlPath: [...step.path, "run"],
        span: span(src, base + nameStart, base + value.end),
        valueSpan: span(src, base + valueStart, base + value.end),
      },
      name,
      form,
    });
  };

  const assignment = /(?<![\w$-])(?:\$env:)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*["']?/g;
  for (let m = assignment.exec(text); m; m = assignment.exec(text)) {
    const name = classifyEnvName(m[1] ?? "");
    if (name) add(m.index, m.index + m[0].length, m[1] ?? "", name, formOfLine(lineAround(text, m.index), m[1] ?? ""));
  }
  const configure = /aws\s+configure\s+set\s+(?:--profile\s+\S+\s+)?(?:[\w-]+\.)?(aws_access_key_id|aws_secret_access_key|aws_session_token)\s+["']?/g;
  for (let m = configure.exec(text); m; m = configure.exec(text)) {
    const name = classifyEnvName((m[1] ?? "").toUpperCase());
    const at = m.index + m[0].indexOf(m[1] ?? "");
    if (name) add(at, m.index + m[0].length, m[1] ?? "", { ...name, standard: true, group: "aws-configure" }, "aws-configure-set");
  }
  const sls = /\b(?:sls|serverless)\s+config\s+credentials\b/g;
  for (let m = sls.exec(text); m; m = sls.exec(text)) {
    const end = commandEnd(text, m.index);
    const flag = /(?<![\w-])(--key|-k|--secret|-s)\s+["']?/g;
    flag.lastIndex = m.index;
    for (let f = flag.exec(text); f && f.index < end; f = flag.exec(text)) {
      const role = f[1] === "--key" || f[1] === "-k" ? "accessKeyId" : "secretAccessKey";
      add(f.index, f.index + f[0].length, f[1] ?? "", { role, standard: true, group: "sls" }, "sls-config-credentials");
    }
  }
  const cli = /(?<![\w-])--([a-z][a-z0-9-]*(?:access-key-id|secret-access-key|access-key|secret-key|session-token))(?:=|\s+)["']?/gi;
  for (let m = cli.exec(text); m; m = cli.exec(text)) {
    const name = classifyInputName(m[1] ?? "");
    if (name) add(m.index, m.index + m[0].length, `--${m[1] ?? ""}`, name, "cli-flag");
  }

  const out: UsageDraft[] = [];
  for (const set of groupSlots(hits, (h) => h.name)) {
    const slots = set.map((h) => h.slot);
    if (!carriesKey(scope, slots)) continue;
    const first = set.find((h) => h.slot.role === "accessKeyId") ?? set[0];
    out.push({
      kind: "run-script",
      scope,
      slots,
      anchor: entrySpan(scope.file.src, step.run),
      ...(first ? { runForm: first.form } : {}),
      notes: [],
    });
  }
  return out;
}

/**
 * The value right after `NAME=` or a flag: an expression, a literal key id, or a literal shaped like
 * a secret key or session token (kept as its place only); nothing else.
 */
function valueAt(scope: Scope, text: string, at: number, base: number): { refs: ValueRef[]; end: number } | undefined {
  if (text.startsWith("${{", at)) {
    const close = text.indexOf("}}", at);
    if (close < 0) return undefined;
    const whole = text.slice(at, close + 2);
    const refs = refsOf(scope.file.src, { inner: whole.slice(3, -2).trim(), text: whole, offset: base + at, end: base + close + 2 });
    return refs.length > 0 ? { refs, end: close + 2 } : undefined;
  }
  const sticky = new RegExp(KEY_ID.source, "y");
  sticky.lastIndex = at;
  const m = sticky.exec(text);
  if (!m) {
    const secret = /[A-Za-z0-9/+=]{40,}(?![A-Za-z0-9/+=])/y;
    secret.lastIndex = at;
    const s = secret.exec(text);
    if (!s || !isSecretLiteral(s[0])) return undefined;
    const end = at + s[0].length;
    return { refs: [{ source: "literal", literalSecret: true, span: span(scope.file.src, base + at, base + end) }], end };
  }
  const end = at + m[0].length;
  return { refs: [{ source: "literal", keyId: m[0], span: span(scope.file.src, base + at, base + end) }], end };
}

function lineAround(text: string, index: number): string {
  const start = text.lastIndexOf("\n", index) + 1;
  const end = text.indexOf("\n", index);
  return text.slice(start, end < 0 ? text.length : end);
}

function formOfLine(line: string, name: string): RunForm {
  if (/GITHUB_ENV/.test(line)) return "github-env";
  if (new RegExp(`(?:^|\\s)(?:-e|--env)\\s+["']?${name}=`).test(line)) return "docker-env";
  if (new RegExp(`\\bexport\\s+${name}\\b`).test(line)) return "export";
  return "assignment";
}

/** End of a shell command that may continue over lines with a trailing backslash. */
function commandEnd(text: string, from: number): number {
  let i = from;
  for (;;) {
    const nl = text.indexOf("\n", i);
    if (nl < 0) return text.length;
    if (!/\\\r?$/.test(text.slice(i, nl))) return nl;
    i = nl + 1;
  }
}
