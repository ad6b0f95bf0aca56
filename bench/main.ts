// npm run bench: a scan of a large sandbox organization, with figures that matter in real orgs —
// requests per side and per endpoint (rate limits are the real cost), requests per account and per
// repo, wall time of discover and of the pure stages.
// Then a second scan of the unchanged organization with the first one's cache (charged, 304s), the
// time of each pure stage (analyze, plan, generate, reports) and the peak RSS.
// Usage: npm run bench -- [--accounts N] [--repos N] [--latency MS] [--concurrency N] [--no-rescan] [--time-scale N] [--pure-files N]
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { analyze } from "../src/analyze/index.js";
import { buildAudit } from "../src/analyze/audit.js";
import { DEFAULT_ANALYSIS_CONFIG } from "../src/analyze/model.js";
import { planConfig } from "../src/config/parse.js";
import type { DiscoverEvent } from "../src/discover/events.js";
import { discover, type DiscoverOptions } from "../src/discover/index.js";
import { generateWorkflowPatches } from "../src/generate/index.js";
import { generateTerraform } from "../src/generate/terraform/index.js";
import { buildPlan } from "../src/plan/index.js";
import { renderReports } from "../src/report/index.js";
import { startSandbox } from "../src/sandbox/index.js";
import { benchPureStages } from "./pure-stages.js";
import { openMemoryStateStore } from "../src/state/index.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const { values } = parseArgs({
  options: {
    scenario: { type: "string", default: "large" },
    // Which limits the sandbox plays (docs/performance.md, "The sandbox's limits").
    limits: { type: "string", default: "all" },
    accounts: { type: "string", default: "1000" },
    repos: { type: "string", default: "10000" },
    latency: { type: "string", default: "5" },
    concurrency: { type: "string", default: "16" },
    "no-rescan": { type: "boolean", default: false },
    // The scanner paces itself to GitHub's secondary limits (900 points a minute); the sandbox's
    // minute lasts 1/N of one, so that the bench measures keyless, not the wait for a real minute.
    "time-scale": { type: "string", default: "60" },
    // analyze + plan + generate alone, on an organization with this many workflow files (0: skip).
    "pure-files": { type: "string", default: "30000" },
  },
});
const accounts = Number(values.accounts);
const repos = Number(values.repos);
const latencyMs = Number(values.latency);
const concurrency = Number(values.concurrency);

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
const t0 = performance.now();
// Real-sized pages (IAM 100, GitHub 100), so request counts are what a real organization would see.
const timeScale = Number(values["time-scale"]);
const sandbox = await startSandbox({
  scenario: values.scenario,
  accounts,
  repos,
  latencyMs,
  pageSize: { aws: 100, github: 100 },
  limits: values.limits as "all" | "primary" | "none",
  timeScale,
});
const tWorld = performance.now();
const world = sandbox.world;
const now = new Date(world.now);
console.log(`sandbox: ${values.scenario}, ${world.aws.accounts.length} accounts, ${world.github.repos.length} repos, latency ${latencyMs} ms per request, limits ${values.limits}, time scale ${timeScale} (${seconds(tWorld - t0)} to build)`);

try {
  let lastLog = performance.now();
  let accountsDone = 0;
  let reposDone = 0;
  let cacheStats = { notModified: 0, reusedTrees: 0 };
  let coreLimit: number | undefined;
  let githubStart: number | undefined;
  let githubEnd = 0;
  const onEvent = (event: DiscoverEvent) => {
    if (event.type === "aws-account-done") accountsDone++;
    if (event.type === "github-repo-done") {
      reposDone++;
      githubEnd = performance.now();
    }
    if (event.type === "phase" && event.side === "github") githubStart ??= performance.now();
    if (event.type === "rate" && event.resource === "core") coreLimit = event.limit;
    if (event.type === "github-cache") cacheStats = { notModified: event.notModified, reusedTrees: event.reusedTrees };
    if (event.type === "wait" && event.seconds >= 5) console.log(`  … ${event.side} waits ${event.seconds} s: ${event.reason}`);
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      console.log(`  … ${accountsDone} accounts, ${reposDone} repos read, RSS ${mb(process.memoryUsage().rss)}`);
    }
  };
  const cache = openMemoryStateStore();
  const options: DiscoverOptions = {
    now,
    onEvent,
    aws: {
      connection: { region: "us-east-1", endpoint: sandbox.env.AWS_ENDPOINT_URL, credentials: { accessKeyId: sandbox.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sandbox.env.AWS_SECRET_ACCESS_KEY! }, maxAttempts: 6 },
      auditRoleName: "OrganizationAccountAccessRole",
      concurrency,
      cloudTrail: true,
      maxEventsPerKey: 200,
      // AWS's 2 LookupEvents per second per account and Region, on the sandbox's clock.
      cloudTrailRequestsPerSecond: 2 * timeScale,
    },
    github: {
      connection: { token: sandbox.env.GITHUB_TOKEN!, apiUrl: sandbox.env.GITHUB_API_URL!, maxRetries: 4, timeScale },
      org: "acme",
      concurrency,
      deep: false,
      cache,
    },
  };
  const inventory = await discover(options);
  const firstCache = cacheStats;
  const tDiscover = performance.now();
  const analysis = analyze(inventory, DEFAULT_ANALYSIS_CONFIG, now);
  const tAnalyze = performance.now();
  const plan = buildPlan({ inventory, analysis, config: planConfig(undefined), now });
  const tPlan = performance.now();
  const patches = generateWorkflowPatches(plan, inventory, analysis);
  const terraform = generateTerraform(plan);
  const tGenerate = performance.now();
  const audit = buildAudit(inventory, analysis, now);
  const files = renderReports(audit);
  const tReport = performance.now();

  const total = (inv: typeof inventory, side: string) => inv.requests.filter((r) => r.side === side).reduce((n, r) => n + r.count, 0);
  const aws = total(inventory, "aws");
  const github = total(inventory, "github");
  const reachable = inventory.aws?.accounts.filter((a) => a.reachable).length ?? 0;
  const workflowFiles = inventory.github?.repos.reduce((n, r) => n + r.workflows.length, 0) ?? 0;
  const awsRelated = inventory.github?.repos.filter((r) => r.workflowRuns.length > 0 || r.variables.length > 0 || r.oidcSubject !== undefined).length ?? 0;
  console.log("");
  console.log(`discover          ${seconds(tDiscover - tWorld)}  (concurrency ${concurrency})`);
  console.log(`analyze           ${seconds(tAnalyze - tDiscover)}  (${workflowFiles} workflow files, ${analysis.usages.length} usages, ${analysis.links.length} links, ${analysis.findings.length} findings)`);
  console.log(`plan              ${seconds(tPlan - tAnalyze)}`);
  console.log(`generate          ${seconds(tGenerate - tPlan)}  (${patches.length} repos patched, ${terraform.length} Terraform files)`);
  console.log(`analyze+plan+gen  ${seconds(tGenerate - tDiscover)}`);
  console.log(`audit + reports   ${seconds(tReport - tGenerate)}  (${files.length} files, ${(files.reduce((n, f) => n + f.text.length, 0) / 1e6).toFixed(1)} MB)`);
  console.log(`AWS requests      ${aws}  (${(aws / Math.max(1, reachable)).toFixed(1)} per reachable account, ${inventory.aws?.accessKeys.length ?? 0} keys)`);
  console.log(`GitHub requests   ${github}  (${(github / Math.max(1, world.github.repos.length)).toFixed(2)} per repo; ${awsRelated} repos read in detail; ${firstCache.notModified} answered 304)`);
  // The floor: GitHub's REST window (an hour, scaled) per `limit` charged requests.
  const githubSeconds = ((githubEnd || performance.now()) - (githubStart ?? tWorld)) / 1000;
  if (coreLimit) {
    const floor = (github / coreLimit) * (3600 / timeScale);
    console.log(`GitHub wall time  ${githubSeconds.toFixed(1)} s against a rate-limit floor of ${floor.toFixed(1)} s (${github} ÷ ${coreLimit} × ${(3600 / timeScale).toFixed(0)} s) = ${(githubSeconds / Math.max(0.001, floor)).toFixed(2)}×`);
  }
  console.log(`skipped           ${inventory.skipped.length}`);
  console.log("");
  console.log("top endpoints:");
  for (const r of inventory.requests.slice().sort((a, b) => b.count - a.count).slice(0, 12)) console.log(`  ${String(r.count).padStart(7)}  ${r.side} ${r.endpoint}`);

  if (!values["no-rescan"]) {
    const t0 = performance.now();
    const again = await discover({ ...options, aws: undefined });
    const sent = total(again, "github");
    const charged = sent - cacheStats.notModified;
    const same = JSON.stringify(again.github) === JSON.stringify(inventory.github);
    console.log("");
    console.log(`re-scan (GitHub)  ${seconds(performance.now() - t0)}: ${sent} requests sent, ${cacheStats.notModified} answered 304 (free), ${charged} charged = ${((100 * charged) / Math.max(1, github)).toFixed(1)}% of the first scan; ${cacheStats.reusedTrees} repos' workflow files reused; same inventory: ${same}`);
  }
  console.log(`peak RSS          ${mb(process.resourceUsage().maxRSS * 1024)}`);
} finally {
  await sandbox.close();
}
if (Number(values["pure-files"]) > 0) benchPureStages({ files: Number(values["pure-files"]) });
