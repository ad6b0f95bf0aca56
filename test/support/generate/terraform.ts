// Helpers for the Terraform tests: HCL parsed by @cdktf/hcl2json (HashiCorp's parser, WebAssembly),
// the policies inside `jsonencode({...})` read back as JSON, and a small plan to pin as golden files.
import { parse } from "@cdktf/hcl2json";
import type { Plan } from "../../../src/plan/schema.js";
import { planSmall, PROD, smallInventory, smallRepo, STAGING } from "../plan.js";

export async function parseHcl(name: string, text: string): Promise<Record<string, unknown>> {
  return (await parse(name, text)) as Record<string, unknown>;
}

/** Every `x = jsonencode({ … })` in a file, as its attribute name and the HCL of the object. */
export function jsonencodeBlocks(text: string): Array<{ attribute: string; hcl: string }> {
  const lines = text.split("\n");
  const out: Array<{ attribute: string; hcl: string }> = [];
  lines.forEach((line, i) => {
    const open = /^(\s*)(\w+) = jsonencode\(\{$/.exec(line);
    if (!open) return;
    const indent = open[1] ?? "";
    const end = lines.findIndex((l, j) => j > i && l === `${indent}})`);
    out.push({ attribute: open[2] ?? "", hcl: ["value = {", ...lines.slice(i + 1, end), "}"].join("\n") });
  });
  return out;
}

/**
 * The JSON value of an HCL object as Terraform's jsonencode would see it: references replaced by
 * what they stand for, and hcl2json's `$${` and `%%{` (how its JSON keeps a literal `${` or `%{`) undone.
 */
export async function decodeObject(hcl: string, refs: Map<string, string>): Promise<unknown> {
  const parsed = await parseHcl("object.tf", hcl);
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      const ref = /^\$\{([^{}]+)\}$/.exec(v);
      if (ref?.[1] && refs.has(ref[1])) return refs.get(ref[1]);
      return v.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [walk(k) as string, walk(x)]));
    return v;
  };
  return walk(parsed.value);
}

export const API_KEY = "AKIAAPIPRODAAAAAAAAA";
export const API_STAGING_KEY = "AKIAAPISTAGINGAAAAAA";

/** A small but complete plan: environments to two accounts, inline and group policies, a policy variable. */
export function smallPlan(topology: "hub-and-spoke" | "direct", names: { environment?: string; branch?: string; policy?: string } = {}): Plan {
  const env = names.environment ?? "production";
  const branch = names.branch ?? "main";
  const deploy = [
    "name: deploy",
    "on:",
    "  push:",
    `    branches: [${JSON.stringify(branch)}]`,
    "jobs:",
    "  staging:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: aws-actions/configure-aws-credentials@v4",
    "        with:",
    "          aws-access-key-id: ${{ secrets.STAGING_AWS_ACCESS_KEY_ID }}",
    "          aws-secret-access-key: ${{ secrets.STAGING_AWS_SECRET_ACCESS_KEY }}",
    "          aws-region: eu-west-1",
    "  production:",
    "    needs: staging",
    "    runs-on: ubuntu-latest",
    `    environment: ${JSON.stringify(env)}`,
    "    steps:",
    "      - uses: aws-actions/configure-aws-credentials@v4",
    "        with:",
    "          aws-access-key-id: ${{ secrets.PROD_AWS_ACCESS_KEY_ID }}",
    "          aws-secret-access-key: ${{ secrets.PROD_AWS_SECRET_ACCESS_KEY }}",
    "          aws-region: eu-west-1",
    "",
  ].join("\n");
  const inline = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject"], Resource: `arn:aws:s3:::acme-artifacts/\${aws:username}/${names.policy ?? "*"}` }],
  });
  const inventory = smallInventory({
    repos: [smallRepo("api", { ".github/workflows/deploy.yml": deploy }, { environments: [env] })],
    users: [
      {
        accountId: PROD, userName: "ci-api-prod", keyId: API_KEY,
        policies: [
          { name: "AmazonEC2ContainerRegistryPowerUser", arn: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser", source: "attached" },
          { name: "artifacts", source: "inline", document: inline },
          { name: "deployers", source: "group-inline", group: "Deployers", document: JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Allow", Action: "lambda:UpdateFunctionCode", Resource: "*" } }) },
        ],
      },
      { accountId: STAGING, userName: "ci-api-staging", keyId: API_STAGING_KEY },
    ],
  });
  return planSmall(inventory, { topology }, [
    { accessKeyId: API_KEY, repo: "acme/api", secretNames: ["PROD_AWS_ACCESS_KEY_ID", "PROD_AWS_SECRET_ACCESS_KEY"] },
    { accessKeyId: API_STAGING_KEY, repo: "acme/api", secretNames: ["STAGING_AWS_ACCESS_KEY_ID", "STAGING_AWS_SECRET_ACCESS_KEY"] },
  ]);
}
