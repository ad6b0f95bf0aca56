// The real-world workflow corpus (../shared/corpus beside the project): its manifest and files.
// Outside CI a checkout without it skips the corpus tests; in CI (CI=true) a missing corpus fails,
// so a green run can never hide that the corpus was not read.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

export const CORPUS = resolve(import.meta.dirname, "../../../shared/corpus");
export const corpusPresent = existsSync(resolve(CORPUS, "manifest.tsv"));

if (!corpusPresent && process.env.CI) {
  throw new Error(`The workflow corpus is missing at ${CORPUS}; CI must run with ../shared beside the project.`);
}

export interface CorpusRow {
  id: string;
  repo: string;
  path: string;
}

export const corpusRows: CorpusRow[] = corpusPresent
  ? readFileSync(resolve(CORPUS, "manifest.tsv"), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => {
        const [id = "", repo = "", path = ""] = line.split("\t");
        return { id, repo, path };
      })
  : [];

export const corpusText = (id: string): string => readFileSync(resolve(CORPUS, "files", `${id}.yml`), "utf8");
