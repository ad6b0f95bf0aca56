// Property-based: real workflows of ../shared/corpus, damaged the ways hand edits, merges, editors
// and hostile authors damage YAML (test/support/mutations.ts), never crash or hang the analyzer,
// and every file comes back either analysed or skipped with a reason. Fixed seed, bounded runs
// (KEYLESS_FUZZ_RUNS=N for a deeper run by hand).
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { corpusPresent, corpusRows, corpusText } from "../../../test/support/corpus.js";
import { applyMutations, fuzzRuns, fuzzSeed, mutations } from "../../../test/support/mutations.js";
import { analyzeRepoWorkflows, type RepoWorkflowAnalysis, type Span } from "./index.js";

const RUNS = fuzzRuns(400);
/** Far above what any file takes here (a few ms; a 1 MiB file well under a second): only a hang or a blow-up reaches it. */
const HANG_MS = 10_000;
const SKIP_CODES = ["TooLarge", "Binary", "InvalidYaml", "AliasBomb", "NotAWorkflow"];

const tally = { mutants: 0, analysed: 0, usages: 0, skipped: new Map<string, number>() };

/** Problems with a span: outside the text, or line and column that do not match its offset. */
function spanProblems(text: string, s: Span, what: string): string[] {
  const out: string[] = [];
  if (!(s.offset >= 0 && s.offset <= s.endOffset && s.endOffset <= text.length)) out.push(`${what}: [${s.offset}, ${s.endOffset}) outside the text (${text.length})`);
  const before = text.slice(0, s.offset);
  const line = before.split("\n").length;
  const column = s.offset - (before.lastIndexOf("\n") + 1) + 1;
  if (s.line !== line || s.column !== column) out.push(`${what}: at ${s.line}:${s.column}, offset ${s.offset} is ${line}:${column}`);
  return out;
}

function problems(path: string, text: string, result: RepoWorkflowAnalysis): string[] {
  const out: string[] = [];
  const seen = [...result.files.map((f) => f.path), ...result.skipped.map((s) => s.path)];
  if (seen.length !== 1 || seen[0] !== path) out.push(`the file is not exactly once analysed or skipped: ${JSON.stringify(seen)}`);
  for (const s of result.skipped) {
    if (!SKIP_CODES.includes(s.code) || s.reason.trim().length < 5) out.push(`skip without a reason: ${JSON.stringify(s)}`);
  }
  for (const u of result.usages) {
    out.push(...spanProblems(text, u, u.id));
    for (const slot of [u.accessKeyId, u.secretAccessKey, u.sessionToken]) {
      if (slot) out.push(...spanProblems(text, slot.span, `${u.id} ${slot.slot}`), ...spanProblems(text, slot.valueSpan, `${u.id} ${slot.slot} value`));
    }
  }
  return out;
}

describe.skipIf(!corpusPresent)("analyzer over mutated corpus files", () => {
  const cpu = process.cpuUsage();
  afterAll(() => {
    const { user, system } = process.cpuUsage(cpu);
    const skips = [...tally.skipped].map(([code, n]) => `${code} ${n}`).join(", ");
    console.log(`analyzer fuzz (${((user + system) / 1e6).toFixed(1)} s CPU): ${tally.mutants} mutants, ${tally.analysed} analysed (${tally.usages} usages), skipped: ${skips || "none"}`);
  });

  it(
    "never throws or hangs, and analyses each file or skips it with a reason",
    () => {
      const mutant = fc.record({ row: fc.constantFrom(...corpusRows), ms: mutations(4) });
      fc.assert(
        fc.property(mutant, ({ row, ms }) => {
          const text = applyMutations(corpusText(row.id), ms);
          const started = performance.now();
          const result = analyzeRepoWorkflows({ repo: row.repo, files: [{ path: row.path, text }] });
          const took = performance.now() - started;
          tally.mutants++;
          tally.usages += result.usages.length;
          if (result.files.length > 0) tally.analysed++;
          for (const s of result.skipped) tally.skipped.set(s.code, (tally.skipped.get(s.code) ?? 0) + 1);
          expect(took, "analysis time (ms)").toBeLessThan(HANG_MS);
          expect(problems(row.path, text, result)).toEqual([]);
        }),
        { seed: fuzzSeed(), numRuns: RUNS },
      );
    },
    60_000 + RUNS * 200,
  );
});
