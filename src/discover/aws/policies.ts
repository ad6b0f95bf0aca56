// The effective policies of an IAM user: attached and inline, directly and through groups, from the
// account's authorization details when they could be read, else with IAM's per-user calls.
// Managed policy documents are fetched once per ARN per account (AWS managed ones once per scan).
import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserPolicyCommand,
  paginateListAttachedGroupPolicies,
  paginateListAttachedUserPolicies,
  paginateListGroupPolicies,
  paginateListGroupsForUser,
  paginateListUserPolicies,
  type IAMClient,
} from "@aws-sdk/client-iam";
import type { Policy } from "../../inventory/schema.js";
import type { AuthorizationDetails } from "./authorization-details.js";

/** IAM returns policy documents URL-encoded. */
export function decodePolicyDocument(document: string | undefined): string | undefined {
  if (document === undefined) return undefined;
  try {
    return decodeURIComponent(document);
  } catch {
    return document;
  }
}

const SOURCE_ORDER: ReadonlyArray<Policy["source"]> = ["attached", "inline", "group-attached", "group-inline"];

export class PolicyReader {
  private readonly managed = new Map<string, Promise<string | undefined>>();
  /** Managed policies whose document could not be read in this account, with the error. */
  readonly unreadable = new Map<string, unknown>();
  private readonly groups = new Map<string, Promise<Policy[]>>();

  constructor(
    private readonly iam: IAMClient,
    /** Shared across accounts: AWS managed policies are the same everywhere. */
    private readonly awsManaged: Map<string, Promise<string | undefined>>,
    /** The account's authorization details; what they lack (e.g. a user created since) is asked for. */
    private readonly details?: AuthorizationDetails,
  ) {}

  /**
   * In one order whichever way they were read (authorization details, or per-user calls when those
   * are denied or fail), so a scan that had to fall back reads the same as one that did not.
   */
  async userPolicies(userName: string): Promise<{ groups: string[]; policies: Policy[] }> {
    const read = await this.readUserPolicies(userName);
    const rank = (p: Policy) => SOURCE_ORDER.indexOf(p.source);
    const policies = [...read.policies].sort((a, b) => rank(a) - rank(b) || (a.group ?? "").localeCompare(b.group ?? "") || a.name.localeCompare(b.name) || (a.arn ?? "").localeCompare(b.arn ?? ""));
    return { groups: [...read.groups].sort(), policies };
  }

  private async readUserPolicies(userName: string): Promise<{ groups: string[]; policies: Policy[] }> {
    const detail = this.details?.users.get(userName);
    if (!detail) return this.listUserPolicies(userName);
    const policies: Policy[] = [];
    for (const p of detail.attached) policies.push({ name: p.name, arn: p.arn, document: await this.managedDocument(p.arn), source: "attached" });
    for (const p of detail.inline) policies.push({ name: p.name, document: p.document, source: "inline" });
    for (const group of detail.groups) policies.push(...(await this.groupPolicies(group)));
    return { groups: [...detail.groups], policies };
  }

  private async listUserPolicies(userName: string): Promise<{ groups: string[]; policies: Policy[] }> {
    const policies: Policy[] = [];
    for await (const page of paginateListAttachedUserPolicies({ client: this.iam }, { UserName: userName })) {
      for (const p of page.AttachedPolicies ?? []) {
        if (p.PolicyArn) policies.push({ name: p.PolicyName ?? p.PolicyArn, arn: p.PolicyArn, document: await this.managedDocument(p.PolicyArn), source: "attached" });
      }
    }
    for await (const page of paginateListUserPolicies({ client: this.iam }, { UserName: userName })) {
      for (const name of page.PolicyNames ?? []) {
        const got = await this.iam.send(new GetUserPolicyCommand({ UserName: userName, PolicyName: name }));
        policies.push({ name, document: decodePolicyDocument(got.PolicyDocument), source: "inline" });
      }
    }
    const groups: string[] = [];
    for await (const page of paginateListGroupsForUser({ client: this.iam }, { UserName: userName })) {
      for (const g of page.Groups ?? []) if (g.GroupName) groups.push(g.GroupName);
    }
    for (const group of groups) policies.push(...(await this.groupPolicies(group)));
    return { groups, policies };
  }

  private groupPolicies(group: string): Promise<Policy[]> {
    let cached = this.groups.get(group);
    if (!cached) {
      cached = this.readGroup(group);
      this.groups.set(group, cached);
    }
    return cached;
  }

  private async readGroup(group: string): Promise<Policy[]> {
    const policies: Policy[] = [];
    const detail = this.details?.groups.get(group);
    if (detail) {
      for (const p of detail.attached) policies.push({ name: p.name, arn: p.arn, document: await this.managedDocument(p.arn), source: "group-attached", group });
      for (const p of detail.inline) policies.push({ name: p.name, document: p.document, source: "group-inline", group });
      return policies;
    }
    for await (const page of paginateListAttachedGroupPolicies({ client: this.iam }, { GroupName: group })) {
      for (const p of page.AttachedPolicies ?? []) {
        if (p.PolicyArn) policies.push({ name: p.PolicyName ?? p.PolicyArn, arn: p.PolicyArn, document: await this.managedDocument(p.PolicyArn), source: "group-attached", group });
      }
    }
    for await (const page of paginateListGroupPolicies({ client: this.iam }, { GroupName: group })) {
      for (const name of page.PolicyNames ?? []) {
        const got = await this.iam.send(new GetGroupPolicyCommand({ GroupName: group, PolicyName: name }));
        policies.push({ name, document: decodePolicyDocument(got.PolicyDocument), source: "group-inline", group });
      }
    }
    return policies;
  }

  private managedDocument(arn: string): Promise<string | undefined> {
    const listed = this.details?.managedDocuments.get(arn);
    if (listed !== undefined) return Promise.resolve(listed);
    // AWS managed policies (arn:<partition>:iam::aws:policy/...) are the same in every account.
    const cache = /^arn:[\w-]+:iam::aws:/.test(arn) ? this.awsManaged : this.managed;
    let cached = cache.get(arn);
    if (!cached) {
      const reading = this.readManaged(arn);
      cached = reading;
      cache.set(arn, reading);
      // A failed read is not cached: it may be this account's (a denied or expired session), and the
      // next user, or another account, reads it again.
      reading.catch(() => {
        if (cache.get(arn) === reading) cache.delete(arn);
      });
    }
    return cached.catch((error: unknown) => {
      // Recorded as a policy without document (analysis: permissions unknown) and reported as skipped.
      this.unreadable.set(arn, error);
      return undefined;
    });
  }

  private async readManaged(arn: string): Promise<string | undefined> {
    const { Policy: policy } = await this.iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    if (!policy?.DefaultVersionId) return undefined;
    const { PolicyVersion } = await this.iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy.DefaultVersionId }));
    return decodePolicyDocument(PolicyVersion?.Document);
  }
}
