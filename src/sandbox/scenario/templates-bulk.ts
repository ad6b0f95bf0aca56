// A big company's monorepo: dozens of workflow files (one per package, plus the usual chores) and
// no AWS in any of them. A scanner reads every file; none of them holds a key.
import { wf } from "./markers.js";
import type { FileSpec, RepoTemplate } from "./template-types.js";

const CHORES = ["lint", "codeql", "stale", "labeler", "docs", "release-drafter", "dependency-review", "spellcheck"];
const PACKAGES = ["core", "ui", "api-client", "auth", "billing", "search", "cli", "sdk", "config", "events", "metrics", "store", "router", "forms", "charts", "i18n"];

function packageWorkflow(pkg: string, n: number): FileSpec {
  const name = `test-${pkg}${n >= PACKAGES.length ? `-${Math.floor(n / PACKAGES.length)}` : ""}`;
  return {
    path: `.github/workflows/${name}.yml`, name, events: ["push"],
    raw: wf`
name: ${name}
on:
  push:
    branches: [main]
    paths: ["packages/${pkg}/**"]
  pull_request:
    paths: ["packages/${pkg}/**"]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - run: npm test --workspace packages/${pkg}
`,
  };
}

function choreWorkflow(chore: string): FileSpec {
  return {
    path: `.github/workflows/${chore}.yml`, name: chore, events: ["pull_request"],
    raw: wf`
name: ${chore}
on:
  pull_request:
permissions:
  contents: read
jobs:
  ${chore}:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make ${chore}
`,
  };
}

export const bulkTemplates = {
  "monorepo-ci": {
    shapes: [],
    build: (p) => {
      // 20 to 60 workflow files, by variant.
      const count = 20 + (p.variant % 41);
      const files: FileSpec[] = CHORES.map(choreWorkflow);
      for (let n = 0; files.length < count; n++) files.push(packageWorkflow(PACKAGES[n % PACKAGES.length] ?? "core", n));
      return { description: "Monorepo: one workflow per package, no cloud deploys", slots: [], files };
    },
  },
} satisfies Record<string, RepoTemplate>;
