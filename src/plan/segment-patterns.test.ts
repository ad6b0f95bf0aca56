// GitHub's single `*` (no `/`) held exactly in IAM: the subject's StringLike less its StringNotLike
// values admits the same refs as the filter, checked over every small pattern and ref (the proof is
// in subjects.ts). IAM's StringLike is run with the linear matcher (`*` as `**`), the filter with
// GitHub's rules; the IAM simulator runs the named cases in trust-bounds.test.ts.
import { describe, expect, it } from "vitest";
import { filterContains, filterMatches, isSegmentFilter } from "./ref-glob.js";
import { buildSubject, subjectFormatFor } from "./subjects.js";
import { smallRepo } from "../../test/support/plan.js";

/** Every string over `alphabet` of length 1..max. */
function strings(alphabet: string[], max: number): string[] {
  let layer = [""];
  const out: string[] = [];
  for (let n = 1; n <= max; n++) {
    layer = layer.flatMap((s) => alphabet.map((c) => s + c));
    out.push(...layer);
  }
  return out;
}

/** IAM's StringLike, linear: its `*` is any text (a filter's `**`), every other character literal. */
const iamLike = (value: string, sub: string) => filterMatches(value.replace(/[\\?+[\]!]/g, "\\$&").replace(/\*/g, "**"), sub);

const repo = smallRepo("api", {});
const format = subjectFormatFor(repo, undefined, true);
const single = (p: string) => p.includes("*") && !p.includes("**");

describe("a segment pattern in IAM (StringLike less StringNotLike) is exactly GitHub's filter", () => {
  const patterns = strings(["a", "/", "-", "*"], 4).filter(single);
  const refs = strings(["a", "/", "-"], 5);

  it("admits the same refs as the filter, for every pattern of up to 4 characters and ref of up to 5", () => {
    let compared = 0;
    for (const pattern of patterns) {
      const filter = `refs/heads/${pattern}`;
      expect(isSegmentFilter(filter), filter).toBe(true);
      const built = buildSubject(repo, format, { context: { kind: "ref", ref: filter, segment: true }, workflowPath: ".github/workflows/deploy.yml" }).subject;
      expect(built.operator).toBe("StringLike");
      expect(built.notLike?.length, filter).toBe(pattern.split("*").length - 1);
      for (const ref of refs) {
        const sub = `${format.repoPart}:ref:refs/heads/${ref}`;
        const iam = iamLike(built.value, sub) && !(built.notLike ?? []).some((n) => iamLike(n, sub));
        expect(iam, `${filter} on ${ref}`).toBe(filterMatches(filter, `refs/heads/${ref}`));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(30_000);
  });

  it("takes only filters of literals and single *: ** beside *, ?, +, [...] and a literal * are refused", () => {
    for (const f of ["release/**/*", "**-*", "v[0-9]*", "v*?", "v1+*", "a\\*b*", "main", "release/**"]) expect(isSegmentFilter(f), f).toBe(false);
    for (const f of ["release/*", "v*", "*-prod", "a*/b*", "a\\.b*"]) expect(isSegmentFilter(f), f).toBe(true);
  });

  it("finds a segment pattern inside a filter only when every ref it admits is one the filter runs on", () => {
    const small = strings(["a", "/", "*"], 3).filter((p) => !p.startsWith("/"));
    const refsOf = strings(["a", "/"], 5);
    let contained = 0;
    for (const filter of small) {
      for (const pattern of small.filter(single)) {
        if (!filterContains(filter, pattern, true)) continue;
        contained++;
        for (const ref of refsOf) if (filterMatches(pattern, ref)) expect(filterMatches(filter, ref), `${pattern} ⊆ ${filter}: ${ref}`).toBe(true);
      }
    }
    expect(contained).toBeGreaterThan(20);
    expect(filterContains("release/*", "release/*", true)).toBe(true);
    expect(filterContains("release/**", "release/*", true)).toBe(true);
    expect(filterContains("release/*", "release/*", false)).toBe(false);
    expect(filterContains("*-prod", "eu/*-prod", true)).toBe(false);
  });
});
