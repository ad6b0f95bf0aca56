import { describe, expect, it } from "vitest";
import { event, find, inventory, key, kid, kinds, link, OFFICE_IP, repo, run, secret } from "../../../test/support/analyze/links-fixtures.js";

const K = kid("trail");
const CAC_UA = (runId: number) =>
  `aws-sdk-js/3.873.0 ua/2.1 os/linux#6.11.0-1018-azure lang/js md/nodejs#20.19.4 api/sts#3.873.0 m/E,e configure-aws-credentials-for-github-actions md/github-run-id#${runId} md/github-run-attempt#1`;
const stored = [secret("AWS_ACCESS_KEY_ID", "2025-03-01T00:00:00Z"), secret("AWS_SECRET_ACCESS_KEY", "2025-03-01T00:00:00Z")];

describe("CloudTrail run ids", () => {
  it("link for certain when configure-aws-credentials names one of the repo's runs, from any address", () => {
    const r1 = run("2026-10-01T10:00:00Z");
    const app = repo("app", { secrets: stored, workflowRuns: [r1] });
    // Self-hosted runner (not in the /meta ranges), long after the run: the run id alone decides.
    const e = event(K, "2026-10-03T10:00:30Z", { sourceIPAddress: OFFICE_IP, userAgent: CAC_UA(r1.id) });
    const l = find(link(inventory({ keys: [key(K)], repos: [app], events: [e] })), K, "app");
    expect(kinds(l)[0]).toBe("cloudtrail-run-id:certain");
    expect(l?.evidence[0]?.refs).toMatchObject({ eventId: e.eventId, runId: r1.id, workflow: ".github/workflows/deploy.yml" });
    expect(l?.secretNames).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
  });

  it("says nothing when the run id is none of the inventory's runs", () => {
    const app = repo("app", { secrets: stored, workflowRuns: [run("2026-10-01T10:00:00Z")] });
    const e = event(K, "2026-10-05T10:00:30Z", { sourceIPAddress: OFFICE_IP, userAgent: CAC_UA(12345678901) });
    expect(link(inventory({ keys: [key(K)], repos: [app], events: [e] })).links).toEqual([]);
  });
});

describe("CloudTrail from runner ranges", () => {
  it("links with high confidence when only this repo's key-using workflow was running", () => {
    const app = repo("app", { secrets: stored, workflowRuns: [run("2026-10-01T10:00:00Z", 8), run("2026-10-02T10:00:00Z", 8)] });
    const events = [event(K, "2026-10-01T10:03:00Z"), event(K, "2026-10-02T10:04:00Z", { sourceIPAddress: "2a01:111:f100:2000::1" })];
    const l = find(link(inventory({ keys: [key(K)], repos: [app], events })), K, "app");
    expect(kinds(l)).toEqual(["cloudtrail-runner-ip:high"]);
    expect(l?.evidence[0]?.refs).toMatchObject({ matchedEvents: 2, exclusiveEvents: 2, runnerEventsInPeriod: 2 });
  });

  it("ignores events from outside the runner ranges, and runner events outside every run (beyond the margin)", () => {
    const app = repo("app", { secrets: stored, workflowRuns: [run("2026-10-01T10:00:00Z", 8)] });
    const events = [event(K, "2026-10-01T10:03:00Z", { sourceIPAddress: OFFICE_IP }), event(K, "2026-10-01T10:12:00Z")];
    expect(link(inventory({ keys: [key(K)], repos: [app], events })).links).toEqual([]);
  });

  it("only counts runs of workflows that use static keys", () => {
    const lint = run("2026-10-01T10:00:00Z", 8, { workflowPath: ".github/workflows/lint.yml" });
    const app = repo("app", { secrets: stored, workflowRuns: [lint] });
    expect(link(inventory({ keys: [key(K)], repos: [app], events: [event(K, "2026-10-01T10:03:00Z")] })).links).toEqual([]);
  });

  it("weakens to low for every repo when several repos' key-using workflows were running at the time", () => {
    const a = repo("alpha", { secrets: stored, workflowRuns: [run("2026-10-01T10:00:00Z", 10)] });
    const b = repo("beta", { secrets: stored, workflowRuns: [run("2026-10-01T10:02:00Z", 10)] });
    const r = link(inventory({ keys: [key(K)], repos: [a, b], events: [event(K, "2026-10-01T10:05:00Z")] }));
    expect(kinds(find(r, K, "alpha"))).toEqual(["cloudtrail-runner-ip:low"]);
    expect(kinds(find(r, K, "beta"))).toEqual(["cloudtrail-runner-ip:low"]);
  });

  it("keeps a key shared by two repos high for both when each has runs of its own", () => {
    const a = repo("alpha", { secrets: stored, workflowRuns: [run("2026-10-01T10:00:00Z"), run("2026-10-03T10:00:00Z")] });
    const b = repo("beta", { secrets: stored, workflowRuns: [run("2026-10-02T10:00:00Z"), run("2026-10-04T10:00:00Z")] });
    const events = ["2026-10-01T10:02:00Z", "2026-10-02T10:02:00Z", "2026-10-03T10:02:00Z", "2026-10-04T10:02:00Z"].map((t) => event(K, t));
    const r = link(inventory({ keys: [key(K)], repos: [a, b], events }));
    expect(find(r, K, "alpha")?.confidence).toBe("high");
    expect(find(r, K, "beta")?.confidence).toBe("high");
  });

  it("drops a shared match with a repo the key is already tied to by a run id", () => {
    const r1 = run("2026-10-01T10:00:00Z", 10);
    const a = repo("alpha", { secrets: stored, workflowRuns: [r1] });
    const b = repo("beta", { secrets: stored, workflowRuns: [run("2026-10-01T10:01:00Z", 10)] });
    const events = [event(K, "2026-10-01T10:00:40Z", { userAgent: CAC_UA(r1.id) }), event(K, "2026-10-01T10:05:00Z")];
    const r = link(inventory({ keys: [key(K)], repos: [a, b], events }));
    expect(find(r, K, "alpha")?.confidence).toBe("certain");
    expect(find(r, K, "beta")).toBeUndefined();
  });

  it("gives medium when the repo's runs explain too little of the key's runner activity", () => {
    const app = repo("app", { secrets: stored, workflowRuns: [run("2026-10-01T10:00:00Z"), run("2026-10-09T10:00:00Z")] });
    // One use during a run, three more from runner ranges while nothing of the repo ran.
    const events = ["2026-10-01T10:02:00Z", "2026-10-03T15:00:00Z", "2026-10-05T15:00:00Z", "2026-10-07T15:00:00Z"].map((t) => event(K, t));
    const l = find(link(inventory({ keys: [key(K)], repos: [app], events })), K, "app");
    expect(kinds(l)).toEqual(["cloudtrail-runner-ip:medium"]);
    expect(l?.evidence[0]?.refs).toMatchObject({ matchedEvents: 1, runnerEventsInPeriod: 4 });
  });

  it("picks the credential set of the workflow that ran", () => {
    const files = { ".github/workflows/deploy.yml": cac("PROD_KEY_ID", "PROD_SECRET"), ".github/workflows/nightly.yml": cac("NIGHTLY_KEY_ID", "NIGHTLY_SECRET") };
    const secrets = ["PROD_KEY_ID", "PROD_SECRET", "NIGHTLY_KEY_ID", "NIGHTLY_SECRET"].map((n) => secret(n, "2025-03-01T00:00:00Z"));
    const app = repo("app", { files, secrets, workflowRuns: [run("2026-10-01T10:00:00Z", 8, { workflowPath: ".github/workflows/nightly.yml" })] });
    const l = find(link(inventory({ keys: [key(K)], repos: [app], events: [event(K, "2026-10-01T10:03:00Z")] })), K, "app");
    expect(l?.secretNames).toEqual(["NIGHTLY_KEY_ID", "NIGHTLY_SECRET"]);
  });
});

function cac(id: string, sec: string): string {
  return [
    "on: push",
    "jobs:",
    "  go:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: aws-actions/configure-aws-credentials@v4",
    "        with:",
    `          aws-access-key-id: \${{ secrets.${id} }}`,
    `          aws-secret-access-key: \${{ secrets.${sec} }}`,
    "          aws-region: us-east-1",
    "",
  ].join("\n");
}
