// Repo templates that use organization secrets (visible to all repos, or to selected ones), and the
// YAML-quirks file a naive rewriter breaks (corpus shapes d, e, g).
import { mark, wf } from "./markers.js";
import { expr, sec, type RepoTemplate } from "./template-types.js";

export const ORG_DEPLOY_KEY = "ORG_DEPLOY_AWS_ACCESS_KEY_ID";
export const ORG_DEPLOY_SECRET = "ORG_DEPLOY_AWS_SECRET_ACCESS_KEY";
export const PLUGIN_KEY = "PLUGIN_AWS_ACCESS_KEY_ID";
export const PLUGIN_SECRET = "PLUGIN_AWS_SECRET_ACCESS_KEY";

export const orgTemplates = {
  "org-all": {
    shapes: ["b", "d"],
    build: (p) => ({
      description: "Uses the organization-wide deploy key",
      slots: [{ id: "org", idName: ORG_DEPLOY_KEY, secretName: ORG_DEPLOY_SECRET, scope: "organization", profile: "s3-site" }],
      files: [{
        path: ".github/workflows/publish.yml", name: "Publish", events: ["push", "schedule"],
        raw: wf`
name: Publish
on:
  push:
    branches: [main]
  schedule:
    - cron: "0 6 * * 1-5"

jobs:
  publish:
    runs-on: ubuntu-latest
    env:
      AWS_ACCESS_KEY_ID: ${sec(ORG_DEPLOY_KEY)}${mark("env-job", "publish", "org", [ORG_DEPLOY_KEY, ORG_DEPLOY_SECRET])}
      AWS_SECRET_ACCESS_KEY: ${sec(ORG_DEPLOY_SECRET)}
      AWS_DEFAULT_REGION: ${p.region}
    steps:
      - uses: actions/checkout@v4
      - run: ./generate.sh > out.csv
      - run: aws s3 cp out.csv s3://${p.org}-reports/${p.repo}/$(date -u +%F).csv
`,
      }],
    }),
  },

  "org-selected-inherit": {
    shapes: ["a", "d", "e"],
    build: (p) => ({
      description: "Chat plugin: selected-repo organization secrets reach a reusable workflow through secrets: inherit",
      slots: [{ id: "org", idName: PLUGIN_KEY, secretName: PLUGIN_SECRET, scope: "organization", cac: "run-id", profile: "s3-site" }],
      files: [
        {
          path: ".github/workflows/release.yml", name: "Release plugin", events: ["push"],
          raw: wf`
name: Release plugin
on:
  push:
    tags: ["v*"]
jobs:
  publish:
    uses: ./.github/workflows/plugin-dist.yml
    secrets: inherit${mark("reusable-inherit", "publish", "org", [PLUGIN_KEY, PLUGIN_SECRET])}
`,
        },
        {
          path: ".github/workflows/plugin-dist.yml",
          raw: wf`
name: plugin-dist
on:
  workflow_call:

permissions:
  contents: read
  id-token: write

jobs:
  dist:
    runs-on: ubuntu-latest
    steps:
      - name: ci/checkout
        uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - name: ci/build
        run: make dist
      - name: ci/aws-credentials
        uses: aws-actions/configure-aws-credentials@ec61189d14ec14c8efccab744f656cffd0e33f37 # v6.1.0
        with:
          aws-access-key-id: ${sec(PLUGIN_KEY)}${mark("reusable-callee", "dist", "*", [PLUGIN_KEY, PLUGIN_SECRET])}
          aws-secret-access-key: ${sec(PLUGIN_SECRET)}
          aws-region: ${p.region}
      - name: ci/upload
        run: aws s3 cp dist/ s3://${p.org}-plugins/${expr("github.event.repository.name")}/ --recursive
`,
        },
      ],
    }),
  },

  "yaml-quirks": {
    shapes: ["a", "e", "g"],
    build: (p) => ({
      description: "Status page (comments everywhere, odd spacing, no final newline)",
      slots: [{ id: "main", idName: "STATUS_AWS_KEY", secretName: "STATUS_AWS_SECRET", scope: "repo", cac: "plain", profile: "s3-site" }],
      files: [{
        path: ".github/workflows/publish.yaml", name: "publish status page", events: ["push", "workflow_dispatch"], noFinalNewline: true,
        raw: wf`
# ---------------------------------------------------------------
#  Publish the status page.
#  NOTE: keys below belong to the "status-page" IAM user; ask #ops.
# ---------------------------------------------------------------
name : publish status page   # spaces before colons are legal YAML

on :
   push :
      branches : [ main ]     # main only
   workflow_dispatch :

permissions: {}   # nothing from GITHUB_TOKEN

jobs :
   publish :
      runs-on : ubuntu-latest
      steps :
         # checkout
         - uses : actions/checkout@v4
           with : { persist-credentials: false }
         # credentials (old style, to be replaced)
         - name : creds
           uses : "aws-actions/configure-aws-credentials@v4"
           with :
              aws-access-key-id : ${sec("STATUS_AWS_KEY")}${mark("cac-v4", "publish", "main", ["STATUS_AWS_KEY", "STATUS_AWS_SECRET"])}   # key id
              aws-secret-access-key : '${sec("STATUS_AWS_SECRET")}'
              aws-region : '${p.region}'
         - run : aws s3 sync ./site s3://${p.org}-status --delete   # upload
`,
      }],
    }),
  },
} satisfies Record<string, RepoTemplate>;
