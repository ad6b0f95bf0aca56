// CloudTrail events as the sandbox plants them: user agents of the tools a workflow runs, source IPs
// (GitHub-hosted runner ranges, an office, an on-premises server), and the management events per use.
import type { CloudTrailEvent } from "../world.js";
import type { Rng } from "./random.js";
import type { ServiceProfile } from "./template-types.js";

/** GitHub-hosted runner ranges served as /meta `actions` (Azure ranges, as GitHub publishes them). */
export const ACTIONS_IP_RANGES = ["4.148.0.0/16", "4.149.0.0/18", "4.152.0.0/15", "13.64.0.0/16", "20.1.128.0/17", "20.20.140.0/24", "40.84.0.0/17", "52.224.0.0/16", "172.177.0.0/16"];
/** Documentation ranges (RFC 5737), so they can never be mistaken for a runner. */
export const OFFICE_RANGE = "203.0.113.0/24";
export const ON_PREM_RANGE = "198.51.100.0/24";

export function ipIn(rng: Rng, cidr: string): string {
  const [base = "0.0.0.0", bitsText = "32"] = cidr.split("/");
  const bits = Number(bitsText);
  const start = base.split(".").reduce((n, part) => n * 256 + Number(part), 0);
  const size = 2 ** (32 - bits);
  const n = start + (size > 2 ? rng.int(1, size - 2) : 0);
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/** The string configure-aws-credentials tells its STS client to append to the SDK's user agent. */
export const CAC_USER_AGENT_MARK = "configure-aws-credentials-for-github-actions";

/**
 * User agent of configure-aws-credentials' STS call. Since aws-actions/configure-aws-credentials#1774
 * (merged 2026-05, released in v6.x) the action also puts the run id and attempt into it "in the format
 * typically used by the SDK"; the sandbox models that as SDK metadata pairs after the action's mark:
 *   aws-sdk-js/3.873.0 ua/2.1 os/linux#6.11.0-1018-azure lang/js md/nodejs#20.19.4 api/sts#3.873.0 m/E,e
 *   configure-aws-credentials-for-github-actions md/github-run-id#38417552918 md/github-run-attempt#1
 * Older versions (v1–v5 and v6.0) send only the mark. Parse the run id with CAC_RUN_ID_PATTERN.
 */
export function cacUserAgent(runId: number | undefined, attempt: number): string {
  const sdk = "aws-sdk-js/3.873.0 ua/2.1 os/linux#6.11.0-1018-azure lang/js md/nodejs#20.19.4 api/sts#3.873.0 m/E,e";
  return runId === undefined ? `${sdk} ${CAC_USER_AGENT_MARK}` : `${sdk} ${CAC_USER_AGENT_MARK} md/github-run-id#${runId} md/github-run-attempt#${attempt}`;
}
export const CAC_RUN_ID_PATTERN = /md\/github-run-id#(\d+)/;

const CLI_RUNNER = "aws-cli/2.27.50 md/awscrt#0.26.1 ua/2.1 os/linux#6.11.0-1018-azure md/arch#x86_64 lang/python#3.13.4 md/pyimpl#CPython m/E cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off md/command#";
const SDK_JS_RUNNER = "aws-sdk-js/3.873.0 ua/2.1 os/linux#6.11.0-1018-azure lang/js md/nodejs#20.19.4 api/";
const TERRAFORM = "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.82.2 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.7 ua/2.1 os/linux lang/go#1.23.3 md/GOOS#linux md/GOARCH#amd64 api/";
const CLI_LAPTOP = "aws-cli/2.27.31 md/awscrt#0.25.4 ua/2.1 os/macos#24.5.0 md/arch#arm64 lang/python#3.13.3 md/pyimpl#CPython m/b cfg/retry-mode#standard md/installer#source md/prompt#off md/command#";

type Tool = "cli" | "sdk-js" | "terraform";
interface EventShape {
  name: string;
  source: string;
  readOnly: boolean;
  tool: Tool;
  /** api/<id> or md/command#<cmd> tail of the user agent. */
  api: string;
}

/** What each kind of workflow leaves in CloudTrail's management events, and the key's last-used service. */
export const PROFILES: Record<ServiceProfile, { lastUsedService: string; events: EventShape[] }> = {
  // S3 object calls are data events, absent from LookupEvents: only last-used shows them.
  "s3-site": { lastUsedService: "s3", events: [] },
  backup: { lastUsedService: "s3", events: [] },
  ecr: {
    lastUsedService: "ecr",
    events: [
      { name: "GetAuthorizationToken", source: "ecr.amazonaws.com", readOnly: true, tool: "sdk-js", api: "ecr#3.873.0" },
      { name: "PutImage", source: "ecr.amazonaws.com", readOnly: false, tool: "cli", api: "ecr.put-image" },
    ],
  },
  lambda: {
    lastUsedService: "lambda",
    events: [
      { name: "UpdateFunctionCode20150331v2", source: "lambda.amazonaws.com", readOnly: false, tool: "cli", api: "lambda.update-function-code" },
      { name: "GetFunction20150331v2", source: "lambda.amazonaws.com", readOnly: true, tool: "cli", api: "lambda.get-function" },
    ],
  },
  cloudformation: {
    lastUsedService: "cloudformation",
    events: [
      { name: "DescribeStacks", source: "cloudformation.amazonaws.com", readOnly: true, tool: "sdk-js", api: "cloudformation#3.873.0" },
      { name: "CreateChangeSet", source: "cloudformation.amazonaws.com", readOnly: false, tool: "sdk-js", api: "cloudformation#3.873.0" },
      { name: "ExecuteChangeSet", source: "cloudformation.amazonaws.com", readOnly: false, tool: "sdk-js", api: "cloudformation#3.873.0" },
    ],
  },
  terraform: {
    lastUsedService: "ec2",
    events: [
      { name: "DescribeVpcs", source: "ec2.amazonaws.com", readOnly: true, tool: "terraform", api: "ec2#1.198.1" },
      { name: "GetRole", source: "iam.amazonaws.com", readOnly: true, tool: "terraform", api: "iam#1.38.3" },
      { name: "DescribeSecurityGroups", source: "ec2.amazonaws.com", readOnly: true, tool: "terraform", api: "ec2#1.198.1" },
    ],
  },
  batch: { lastUsedService: "batch", events: [{ name: "SubmitJob", source: "batch.amazonaws.com", readOnly: false, tool: "cli", api: "batch.submit-job" }] },
  eks: { lastUsedService: "eks", events: [{ name: "DescribeCluster", source: "eks.amazonaws.com", readOnly: true, tool: "cli", api: "eks.update-kubeconfig" }] },
  sts: { lastUsedService: "sts", events: [{ name: "AssumeRole", source: "sts.amazonaws.com", readOnly: true, tool: "sdk-js", api: "sts#3.873.0" }] },
};

export function runnerUserAgent(shape: EventShape): string {
  const prefix = shape.tool === "cli" ? CLI_RUNNER : shape.tool === "terraform" ? TERRAFORM : SDK_JS_RUNNER;
  return prefix + shape.api;
}

/** Events of a person (or an on-premises job) using the key outside GitHub. */
export function outsideUse(where: "office" | "on-prem"): { userAgentPrefix: string; range: string; shapes: EventShape[] } {
  if (where === "office") {
    return {
      userAgentPrefix: CLI_LAPTOP,
      range: OFFICE_RANGE,
      shapes: [
        { name: "ListBuckets", source: "s3.amazonaws.com", readOnly: true, tool: "cli", api: "s3.ls" },
        { name: "DescribeInstances", source: "ec2.amazonaws.com", readOnly: true, tool: "cli", api: "ec2.describe-instances" },
        { name: "GetCallerIdentity", source: "sts.amazonaws.com", readOnly: true, tool: "cli", api: "sts.get-caller-identity" },
      ],
    };
  }
  return { userAgentPrefix: TERRAFORM, range: ON_PREM_RANGE, shapes: PROFILES.terraform.events };
}

export function event(rng: Rng, fields: Omit<CloudTrailEvent, "eventId">): CloudTrailEvent {
  return { eventId: rng.uuid(), ...fields };
}
