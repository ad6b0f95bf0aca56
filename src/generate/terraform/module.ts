// One account's root module: the provider pinned to that account, the GitHub OIDC provider (created,
// or read with a data source when the Inventory shows it exists), and the account's roles with their
// trust (assume_role_policy) and permission policies, all as jsonencode({...}). A string in a policy
// that is the ARN of something this module creates becomes a reference, so Terraform creates the
// named role first (IAM refuses a trust that names a role that does not exist yet).
import type { ExistingRoleChange, OidcProviderPlan, Plan, PlanAccount, PlanRole } from "../../plan/schema.js";
import { attr, blank, block, call, comment, fromJson, list, obj, raw, renderFile, str, tfIdentifier, type Item } from "./hcl.js";

export const TERRAFORM_VERSION = ">= 1.5.0";
/** 5.81.0 made thumbprint_list optional (AWS no longer uses thumbprints for GitHub's issuer). */
export const AWS_PROVIDER_VERSION = ">= 5.81.0, < 7.0.0";

const KIND_ORDER: Record<PlanRole["kind"], number> = { entry: 0, direct: 1, deploy: 2 };

export interface ModuleFiles {
  versions: string;
  variables: string;
  main: string;
  outputs: string;
  /** Terraform names of the roles, by role id. */
  names: Map<string, string>;
}

/** One account's share of the plan, gathered once (plans with thousands of accounts are common). */
export interface AccountView {
  account: PlanAccount;
  /** Roles keyless creates there, in file order. */
  roles: PlanRole[];
  provider?: OidcProviderPlan;
  changes: ExistingRoleChange[];
  /** Modules to apply before this one, and the ones that wait for it. */
  after: PlanAccount[];
  before: PlanAccount[];
}

export function accountViews(plan: Plan): AccountView[] {
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  const roles = new Map<string, PlanRole[]>();
  for (const r of plan.roles) if (r.managedByKeyless) push(roles, r.accountId, r);
  const byModule = new Map(plan.accounts.map((a) => [a.module, a]));
  const waiting = new Map<string, PlanAccount[]>();
  for (const a of plan.accounts) for (const m of a.applyAfter) push(waiting, m, a);
  return plan.accounts.map((account) => ({
    account,
    roles: (roles.get(account.id) ?? []).sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
    ...(plan.providers.some((p) => p.accountId === account.id) ? { provider: plan.providers.find((p) => p.accountId === account.id) as OidcProviderPlan } : {}),
    changes: plan.existingRoleChanges.filter((c) => c.accountId === account.id),
    after: account.applyAfter.flatMap((m) => byModule.get(m) ?? []),
    before: waiting.get(account.module) ?? [],
  }));
}

export function accountModule(view: AccountView): ModuleFiles {
  const { account, roles, provider } = view;
  const names = resourceNames(roles);
  const refs = new Map<string, string>();
  if (provider) refs.set(provider.arn, provider.exists ? "data.aws_iam_openid_connect_provider.github.arn" : "aws_iam_openid_connect_provider.github.arn");
  for (const r of roles) refs.set(r.arn, `aws_iam_role.${names.get(r.id)}.arn`);

  const main: Item[] = [
    block("provider", ["aws"], [
      attr("region", raw("var.region")),
      attr("allowed_account_ids", list([str(account.id)])),
      blank,
      block("default_tags", [], [attr("tags", raw("var.tags"))]),
    ]),
  ];
  if (provider) main.push(blank, ...providerItems(provider));
  const taken = new Set<string>();
  for (const role of roles) {
    const name = names.get(role.id) as string;
    main.push(blank, ...roleItems(role, name, refs));
    for (const p of role.permissions.inlinePolicies) {
      const id = unique(`${name}_${tfIdentifier(p.name)}`, taken);
      main.push(blank, block("resource", ["aws_iam_role_policy", id], [
        attr("name", str(p.name)),
        attr("role", raw(`aws_iam_role.${name}.id`)),
        attr("policy", call("jsonencode", fromJson(p.document, refs))),
      ]));
    }
    for (const arn of role.permissions.managedPolicyArns) {
      const id = unique(`${name}_${tfIdentifier(arn.split("/").pop() ?? "policy")}`, taken);
      main.push(blank, block("resource", ["aws_iam_role_policy_attachment", id], [attr("role", raw(`aws_iam_role.${name}.name`)), attr("policy_arn", str(arn))]));
    }
  }

  const outputs: Item[] = [];
  if (provider) {
    outputs.push(block("output", ["oidc_provider_arn"], [
      attr("description", str(`ARN of the GitHub Actions OIDC provider (${provider.issuer})`)),
      attr("value", raw(refs.get(provider.arn) as string)),
    ]));
  }
  for (const role of roles) {
    const name = names.get(role.id) as string;
    if (outputs.length > 0) outputs.push(blank);
    outputs.push(block("output", [`${name}_arn`], [attr("description", str(`${role.kind} role of ${role.repo}`)), attr("value", raw(`aws_iam_role.${name}.arn`))]));
  }

  return {
    versions: renderFile([
      block("terraform", [], [
        attr("required_version", str(TERRAFORM_VERSION)),
        blank,
        block("required_providers", [], [attr("aws", obj([["source", str("hashicorp/aws")], ["version", str(AWS_PROVIDER_VERSION)]]))]),
      ]),
    ]),
    variables: renderFile([
      block("variable", ["region"], [
        attr("description", str("Region of the AWS provider. IAM is global: any enabled region works.")),
        attr("type", raw("string")),
        attr("default", str("us-east-1")),
      ]),
      blank,
      block("variable", ["permissions_boundary"], [
        attr("description", str("ARN of a permissions boundary for every role this module creates, or null for none.")),
        attr("type", raw("string")),
        attr("default", { t: "null" }),
      ]),
      blank,
      block("variable", ["tags"], [
        attr("description", str("Tags for every resource this module creates.")),
        attr("type", raw("map(string)")),
        attr("default", obj([["ManagedBy", str("keyless")]])),
      ]),
    ]),
    main: renderFile(main),
    outputs: outputs.length > 0 ? renderFile(outputs) : "",
    names,
  };
}

function providerItems(provider: OidcProviderPlan): Item[] {
  if (provider.exists) {
    return [comment("The account already has the GitHub OIDC provider: read it, do not recreate it."), block("data", ["aws_iam_openid_connect_provider", "github"], [attr("arn", str(provider.arn))])];
  }
  return [
    comment("GitHub Actions' OIDC provider. No thumbprint_list: AWS no longer uses thumbprints for this issuer."),
    block("resource", ["aws_iam_openid_connect_provider", "github"], [attr("url", str(provider.issuer)), attr("client_id_list", list(provider.clientIds.map(str)))]),
  ];
}

function roleItems(role: PlanRole, name: string, refs: Map<string, string>): Item[] {
  const what =
    role.kind === "entry"
      ? `Entry role of ${role.repo}: trusts ${(role.subjects ?? []).map((s) => s.context).join(", ")}; only chains on.`
      : role.kind === "deploy"
        ? `Deploy role of ${role.repo}: trusts ${(role.trustedRoleArns ?? []).join(", ")}.`
        : `Role of ${role.repo}: trusts ${(role.subjects ?? []).map((s) => s.context).join(", ")}.`;
  return [
    comment(what),
    block("resource", ["aws_iam_role", name], [
      attr("name", str(role.name)),
      attr("path", str(role.path)),
      attr("description", str(role.description)),
      attr("max_session_duration", { t: "num", v: role.maxSessionDuration }),
      attr("permissions_boundary", raw("var.permissions_boundary")),
      attr("assume_role_policy", call("jsonencode", fromJson(role.trustPolicy, refs))),
      blank,
      attr("tags", obj(Object.entries(role.tags).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, str(v)]))),
    ]),
  ];
}

/** Terraform names from role names: sanitised, and made unique in the order of the role ids. */
function resourceNames(roles: PlanRole[]): Map<string, string> {
  const taken = new Set<string>(["github"]);
  const out = new Map<string, string>();
  for (const r of [...roles].sort((a, b) => a.id.localeCompare(b.id))) out.set(r.id, unique(tfIdentifier(r.name), taken));
  return out;
}

function unique(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}
