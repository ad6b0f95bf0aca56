// The contract between repo templates (workflow text with usage markers) and the world builder.
// A template says which files a repo has and which key "slots" its workflows draw on; the builder
// binds each slot to an IAM key (or leaves it unbound) and plants secrets, runs and CloudTrail to match.

/** What the key is used for, which decides the CloudTrail events and the key's last-used service. */
export type ServiceProfile = "s3-site" | "ecr" | "lambda" | "cloudformation" | "terraform" | "batch" | "eks" | "backup" | "sts";

export interface SlotSpec {
  id: string;
  /** Name of the secret (or variable) that holds the access key id. */
  idName: string;
  /** Name of the secret that holds the secret access key. */
  secretName: string;
  /** Session token secret: the stored credentials are temporary ones (ASIA…), never an IAM key. */
  sessionName?: string;
  scope: "repo" | "environment" | "organization";
  environment?: string;
  /** Where the key id lives: a secret (default), a variable, or literally in the workflow file. */
  idFrom?: "secret" | "variable" | "literal";
  /**
   * The key goes through configure-aws-credentials, whose STS client user agent CloudTrail records;
   * "run-id" when the action version also puts the run id in it (v6 and later, see cloudtrail.ts).
   */
  cac?: "run-id" | "plain";
  profile: ServiceProfile;
}

export interface FileSpec {
  path: string;
  /** Text with usage markers (see markers.ts); "\n" line ends, converted when crlf. */
  raw: string;
  crlf?: boolean;
  noFinalNewline?: boolean;
  /** Not valid YAML on purpose. */
  invalid?: boolean;
  /** Workflow name and the events it runs on; absent for reusable-only workflows and actions. */
  name?: string;
  events?: string[];
}

export interface TemplateOutput {
  files: FileSpec[];
  slots: SlotSpec[];
  /** Secrets that are not AWS keys (some with AWS in the name). */
  otherSecrets?: Array<{ name: string; environment?: string }>;
  variables?: Array<{ name: string; value: string; environment?: string }>;
  environments?: string[];
  /** Already on GitHub OIDC: no static-key usage exists in the repo. */
  oidc?: boolean;
  description?: string;
}

export interface TemplateParams {
  org: string;
  repo: string;
  /** Bound key id per slot (for files that spell the key id out). */
  keyIds: Record<string, string>;
  /** Account id per slot (for role ARNs and ECR registries). */
  accounts: Record<string, string>;
  /** The account that holds the GitHub OIDC provider. */
  oidcAccount: string;
  /** A production account, for role ARNs that key-then-assume and OIDC workflows name. */
  targetAccount: string;
  region: string;
  /** Small integer for seeded variation when templates are repeated in large scenarios. */
  variant: number;
}

export interface RepoTemplate {
  /** Corpus shape letters (a–j) this template covers; see /shared/corpus/README.md. */
  shapes: string[];
  build(p: TemplateParams): TemplateOutput;
}

/** `${{ secrets.NAME }}`, spelled through a function because `${{` cannot sit in a template literal. */
export function sec(name: string): string {
  return "${{ secrets." + name + " }}";
}
export function expr(body: string): string {
  return "${{ " + body + " }}";
}
