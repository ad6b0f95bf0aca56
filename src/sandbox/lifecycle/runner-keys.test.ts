// The simulated runner finds a job's keys the way a runner hands them out — env, inputs, secrets,
// $GITHUB_ENV, matrix-computed names, called workflows, composite actions — without the analyzer.
// Several shapes here are ones the analyzer misses or cannot name a secret for: the run still uses
// the key (CloudTrail, last-used date), which is what lets verify catch an analyzer miss.
import { beforeEach, describe, expect, test } from "vitest";
import { buildScenario } from "../scenario/index.js";
import type { World } from "../world.js";
import { createLifecycle, type Lifecycle } from "./lifecycle.js";

const REPO = "acme/checkout-service"; // repo secrets STAGING_AWS_* and PROD_AWS_*, one key each

let world: World;
let lifecycle: Lifecycle;
beforeEach(() => {
  world = buildScenario("acme");
  lifecycle = createLifecycle(world);
});

const keyOf = (secretName: string) => world.truth.links.find((l) => l.repo === REPO && l.secretNames.includes(secretName))!.accessKeyId;
const iamKey = (id: string) => Object.values(world.aws.iam).flatMap((iam) => iam.accessKeys).find((k) => k.accessKeyId === id)!;
const files = () => world.github.repos.find((r) => r.fullName === REPO)!.files;

/** Runs `text` as .github/workflows/<name> on a push to main; the jobs' conclusions and keys. */
function run(name: string, text: string, extra: Record<string, string> = {}) {
  Object.assign(files(), { [`.github/workflows/${name}`]: text }, extra);
  const [report] = lifecycle.simulateRun(REPO, `.github/workflows/${name}`);
  return { report: report!, jobs: Object.fromEntries(report!.jobs.map((j) => [j.name, { conclusion: j.conclusion, keys: j.keysUsed, error: j.error }])) };
}

const workflow = (...jobLines: string[]) => ["name: t", "on:", "  push:", "    branches: [main]", "jobs:", ...jobLines, ""].join("\n");

describe("keys the analyzer does not see are still used by the run", () => {
  test("credentials passed through $GITHUB_ENV under other names, then into the SDK's variables", () => {
    const staging = keyOf("STAGING_AWS_ACCESS_KEY_ID");
    const { report, jobs } = run("sync.yml", workflow(
      "  sync:", "    runs-on: ubuntu-latest", "    steps:",
      "      - name: Load deploy credentials", "        run: |",
      '          echo "DEPLOY_ID=${{ secrets.STAGING_AWS_ACCESS_KEY_ID }}" >> "$GITHUB_ENV"',
      '          echo "DEPLOY_SECRET=${{ secrets.STAGING_AWS_SECRET_ACCESS_KEY }}" >> "$GITHUB_ENV"',
      "      - run: aws s3 sync build/ s3://acme-checkout-assets", "        env:",
      "          AWS_ACCESS_KEY_ID: ${{ env.DEPLOY_ID }}", "          AWS_SECRET_ACCESS_KEY: ${{ env.DEPLOY_SECRET }}", "          AWS_REGION: eu-central-1",
    ));
    expect(jobs["sync"]).toEqual({ conclusion: "success", keys: [staging], error: undefined });
    const events = world.aws.cloudtrail.filter((e) => e.accessKeyId === staging && e.eventTime > report.run.createdAt);
    expect(events).toMatchObject([{ eventName: "GetCallerIdentity", awsRegion: "eu-central-1", userAgent: expect.stringContaining("aws-cli/") }]);
    expect(iamKey(staging).lastUsed).toEqual({ date: events[0]!.eventTime, serviceName: "sts", region: "eu-central-1" });
  });

  test("a secret name computed from the matrix: each leg uses its own key", () => {
    const { jobs } = run("matrix.yml", workflow(
      "  deploy:", "    runs-on: ubuntu-latest", "    strategy:", "      matrix:", "        stage: [STAGING, PROD]", "    steps:",
      "      - run: ./deploy.sh", "        env:",
      "          AWS_ACCESS_KEY_ID: ${{ secrets[format('{0}_AWS_ACCESS_KEY_ID', matrix.stage)] }}",
      "          AWS_SECRET_ACCESS_KEY: ${{ secrets[format('{0}_AWS_SECRET_ACCESS_KEY', matrix.stage)] }}",
    ));
    expect(jobs["deploy (STAGING)"]?.keys).toEqual([keyOf("STAGING_AWS_ACCESS_KEY_ID")]);
    expect(jobs["deploy (PROD)"]?.keys).toEqual([keyOf("PROD_AWS_ACCESS_KEY_ID")]);
  });

  test("a fallback to another secret, an env variable read through another, a step output", () => {
    const { jobs } = run("fallback.yml", [
      "name: t", "on: push", "env:", "  KEY_ID: ${{ secrets.OLD_AWS_ACCESS_KEY_ID || secrets.PROD_AWS_ACCESS_KEY_ID }}", "jobs:",
      "  check:", "    runs-on: ubuntu-latest", "    steps:",
      "      - id: creds", '        run: echo "secret=${{ secrets.PROD_AWS_SECRET_ACCESS_KEY }}" >> $GITHUB_OUTPUT',
      "      - run: aws sts get-caller-identity", "        env:", "          AWS_ACCESS_KEY_ID: ${{ env.KEY_ID }}", "          AWS_SECRET_ACCESS_KEY: ${{ steps.creds.outputs.secret }}", "",
    ].join("\n"));
    expect(jobs["check"]).toMatchObject({ conclusion: "success", keys: [keyOf("PROD_AWS_ACCESS_KEY_ID")] });
  });
});

describe("secrets reach called workflows and composite actions only as GitHub passes them", () => {
  const callee = [
    "on:", "  workflow_call:", "    secrets:", "      id: { required: false }", "      key: { required: false }", "jobs:",
    "  upload:", "    runs-on: ubuntu-latest", "    steps:", "      - uses: shallwefootball/s3-upload-action@v1.3.3", "        with:",
    "          aws_access_key_id: ${{ secrets.id }}", "          aws_secret_access_key: ${{ secrets.key }}", "          aws_bucket: acme-checkout", "",
  ].join("\n");

  test("a mapped secret reaches the called job's action inputs; without `secrets:` nothing does; `inherit` passes the caller's", () => {
    const { jobs } = run("release.yml", workflow(
      "  mapped:", "    uses: ./.github/workflows/upload.yml", "    secrets:", "      id: ${{ secrets.PROD_AWS_ACCESS_KEY_ID }}", "      key: ${{ secrets.PROD_AWS_SECRET_ACCESS_KEY }}",
      "  unmapped:", "    uses: ./.github/workflows/upload.yml",
      "  inherited:", "    uses: ./.github/workflows/inherit.yml", "    secrets: inherit",
    ), {
      ".github/workflows/upload.yml": callee,
      ".github/workflows/inherit.yml": callee.replace("secrets.id", "secrets.STAGING_AWS_ACCESS_KEY_ID").replace("secrets.key", "secrets.STAGING_AWS_SECRET_ACCESS_KEY"),
    });
    expect(jobs["mapped / upload"]).toMatchObject({ conclusion: "success", keys: [keyOf("PROD_AWS_ACCESS_KEY_ID")] });
    expect(jobs["unmapped / upload"]).toMatchObject({ conclusion: "success", keys: [] });
    expect(jobs["inherited / upload"]).toMatchObject({ conclusion: "success", keys: [keyOf("STAGING_AWS_ACCESS_KEY_ID")] });
  });

  test("a composite action gets keys through its inputs, never by reading secrets itself", () => {
    const action = (env: string[]) =>
      ["name: s3", "inputs:", "  key-id: { required: false }", "  key-secret: { required: false }", "runs:", "  using: composite", "  steps:",
        "    - run: aws s3 ls", "      shell: bash", "      env:", ...env, ""].join("\n");
    const { jobs } = run("composite.yml", workflow(
      "  via-inputs:", "    runs-on: ubuntu-latest", "    steps:", "      - uses: ./.github/actions/s3", "        with:",
      "          key-id: ${{ secrets.STAGING_AWS_ACCESS_KEY_ID }}", "          key-secret: ${{ secrets.STAGING_AWS_SECRET_ACCESS_KEY }}",
      "  reads-secrets:", "    runs-on: ubuntu-latest", "    steps:", "      - uses: ./.github/actions/direct",
    ), {
      ".github/actions/s3/action.yml": action(["        AWS_ACCESS_KEY_ID: ${{ inputs.key-id }}", "        AWS_SECRET_ACCESS_KEY: ${{ inputs.key-secret }}"]),
      ".github/actions/direct/action.yml": action(["        AWS_ACCESS_KEY_ID: ${{ secrets.PROD_AWS_ACCESS_KEY_ID }}", "        AWS_SECRET_ACCESS_KEY: ${{ secrets.PROD_AWS_SECRET_ACCESS_KEY }}"]),
    });
    expect(jobs["via-inputs"]?.keys).toEqual([keyOf("STAGING_AWS_ACCESS_KEY_ID")]);
    expect(jobs["reads-secrets"]?.keys).toEqual([]);
  });
});

describe("what does not use a key, and what fails", () => {
  test("the id alone, a skipped step, LocalStack's dummy values use nothing; keys written into a script do", () => {
    const { jobs } = run("misc.yml", workflow(
      "  id-only:", "    runs-on: ubuntu-latest", "    steps:", "      - run: echo \"$AWS_ACCESS_KEY_ID\"", "        env:", "          AWS_ACCESS_KEY_ID: ${{ secrets.PROD_AWS_ACCESS_KEY_ID }}",
      "  skipped-step:", "    runs-on: ubuntu-latest", "    steps:", "      - if: github.event_name == 'schedule'", "        run: aws s3 ls", "        env:",
      "          AWS_ACCESS_KEY_ID: ${{ secrets.PROD_AWS_ACCESS_KEY_ID }}", "          AWS_SECRET_ACCESS_KEY: ${{ secrets.PROD_AWS_SECRET_ACCESS_KEY }}",
      "  localstack:", "    runs-on: ubuntu-latest", "    env:", "      AWS_ACCESS_KEY_ID: test", "      AWS_SECRET_ACCESS_KEY: test", "    steps:", "      - run: aws --endpoint-url http://localhost:4566 s3 ls",
      "  script:", "    runs-on: ubuntu-latest", "    steps:",
      "      - run: npx sls config credentials --provider aws --key ${{ secrets.STAGING_AWS_ACCESS_KEY_ID }} --secret ${{ secrets.STAGING_AWS_SECRET_ACCESS_KEY }}",
    ));
    expect(jobs["id-only"]).toMatchObject({ conclusion: "success", keys: [] });
    expect(jobs["skipped-step"]).toMatchObject({ conclusion: "success", keys: [] });
    expect(jobs["localstack"]).toMatchObject({ conclusion: "success", keys: [] });
    expect(jobs["script"]).toMatchObject({ conclusion: "success", keys: [keyOf("STAGING_AWS_ACCESS_KEY_ID")] });
  });

  test("a wrong secret is refused; a secret that held the key and is gone leaves the step without credentials", () => {
    const before = world.aws.cloudtrail.length;
    const wrong = run("wrong.yml", workflow(
      "  deploy:", "    runs-on: ubuntu-latest", "    steps:", "      - run: aws s3 ls", "        env:",
      "          AWS_ACCESS_KEY_ID: ${{ secrets.PROD_AWS_ACCESS_KEY_ID }}", "          AWS_SECRET_ACCESS_KEY: ${{ secrets.STAGING_AWS_SECRET_ACCESS_KEY }}",
    ));
    expect(wrong.jobs["deploy"]).toMatchObject({ conclusion: "failure", keys: [], error: expect.stringContaining("SignatureDoesNotMatch") });
    const repo = world.github.repos.find((r) => r.fullName === REPO)!;
    repo.secrets = repo.secrets.filter((s) => s.name !== "PROD_AWS_SECRET_ACCESS_KEY");
    const gone = run("gone.yml", workflow(
      "  deploy:", "    runs-on: ubuntu-latest", "    env:", "      DEPLOY_SECRET: ${{ secrets.PROD_AWS_SECRET_ACCESS_KEY }}", "    steps:", "      - run: aws s3 ls", "        env:",
      "          AWS_ACCESS_KEY_ID: ${{ secrets.PROD_AWS_ACCESS_KEY_ID }}", "          AWS_SECRET_ACCESS_KEY: ${{ env.DEPLOY_SECRET }}",
    ));
    expect(gone.jobs["deploy"]).toMatchObject({ conclusion: "failure", error: expect.stringContaining("PROD_AWS_SECRET_ACCESS_KEY is no longer set") });
    expect(world.aws.cloudtrail.length).toBe(before);
  });
});
