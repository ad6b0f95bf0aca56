// npm run bench: a scan of a large sandbox organization, with figures that matter in real orgs —
// requests per side and per endpoint (rate limits are the real cost), requests per account and per
// repo, wall time of discover and of the pure stages.
// Usage: npm run bench -- [--accounts N] [--repos N] [--latency MS] [--concurrency N]
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { analyze } from "../src/analyze/index.js";
import { buildAudit } from "../src/analyze/audit.js";
import { DEFAULT_ANALYSIS_CONFIG } from "../src/analyze/model.js";
import { discover } from "../src/discover/index.js";
import { renderReports } from "../src/report/index.js";
import { startSandbox } from "../src/sandbox/index.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "1000" },
    repos: { type: "string", default: "10000" },
    latency: { type: "string", default: "5" },
    concurrency: { type: "string", default: "16" },
  },
});
const accounts = Number(values.accounts);
const repos = Number(values.repos);
const latencyMs = Number(values.latency);
const concurrency = Number(values.concurrency);

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const t0 = performance.now();
// Real-sized pages (IAM 100, GitHub 100), so request counts are what a real organization would see.
const sandbox = await startSandbox({ scenario: "acme", accounts, repos, latencyMs, pageSize: { aws: 100, github: 100 } });
const tWorld = performance.now();
const world = sandbox.world;
const now = new Date(world.now);
console.log(`sandbox: ${world.aws.accounts.length} accounts, ${world.github.repos.length} repos, latency ${latencyMs} ms per request (${seconds(tWorld - t0)} to build)`);

try {
  let lastLog = performance.now();
  let accountsDone = 0;
  let reposDone = 0;
  const inventory = await discover({
    now,
    onEvent(event) {
      if (event.type === "aws-account-done") accountsDone++;
      if (event.type === "github-repo-done") reposDone++;
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        console.log(`  … ${accountsDone} accounts, ${reposDone} repos read`);
      }
    },
    aws: {
      connection: { region: "us-east-1", endpoint: sandbox.env.AWS_ENDPOINT_URL, credentials: { accessKeyId: sandbox.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sandbox.env.AWS_SECRET_ACCESS_KEY! }, maxAttempts: 6 },
      auditRoleName: "OrganizationAccountAccessRole",
      concurrency,
      cloudTrail: true,
      maxEventsPerKey: 200,
    },
    github: {
      connection: { token: sandbox.env.GITHUB_TOKEN!, apiUrl: sandbox.env.GITHUB_API_URL!, maxRetries: 4 },
      org: "acme",
      concurrency,
      deep: false,
    },
  });
  const tDiscover = performance.now();
  const analysis = analyze(inventory, DEFAULT_ANALYSIS_CONFIG, now);
  const tAnalyze = performance.now();
  const audit = buildAudit(inventory, analysis, now);
  const files = renderReports(audit);
  const tReport = performance.now();

  const total = (side: string) => inventory.requests.filter((r) => r.side === side).reduce((n, r) => n + r.count, 0);
  const aws = total("aws");
  const github = total("github");
  const reachable = inventory.aws?.accounts.filter((a) => a.reachable).length ?? 0;
  console.log("");
  console.log(`discover          ${seconds(tDiscover - tWorld)}  (concurrency ${concurrency})`);
  console.log(`analyze           ${seconds(tAnalyze - tDiscover)}  (${analysis.usages.length} usages, ${analysis.links.length} links, ${analysis.findings.length} findings)`);
  console.log(`audit + reports   ${seconds(tReport - tAnalyze)}  (${files.length} files, ${(files.reduce((n, f) => n + f.text.length, 0) / 1e6).toFixed(1)} MB)`);
  console.log(`AWS requests      ${aws}  (${(aws / Math.max(1, reachable)).toFixed(1)} per reachable account, ${inventory.aws?.accessKeys.length ?? 0} keys)`);
  console.log(`GitHub requests   ${github}  (${(github / Math.max(1, world.github.repos.length)).toFixed(2)} per repo; GitHub's limit is 5,000 REST requests per hour per token)`);
  console.log(`skipped           ${inventory.skipped.length}`);
  console.log("");
  console.log("top endpoints:");
  for (const r of inventory.requests.slice().sort((a, b) => b.count - a.count).slice(0, 12)) console.log(`  ${String(r.count).padStart(7)}  ${r.side} ${r.endpoint}`);
} finally {
  await sandbox.close();
}
