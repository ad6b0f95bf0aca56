// Reads the AWS Organization: accounts, their state and OU path. Walks the OU tree once
// (ListOrganizationalUnitsForParent, ListChildren) instead of one ListParents per account.
// Works from the management account and from a delegated administrator; a delegation policy
// that allows ListAccounts but not the OU calls costs the OU paths, not the accounts.
import {
  DescribeOrganizationCommand,
  ListRootsCommand,
  paginateListAccounts,
  paginateListChildren,
  paginateListOrganizationalUnitsForParent,
  type OrganizationsClient,
} from "@aws-sdk/client-organizations";
import type { Account, Skip } from "../../inventory/schema.js";
import { awsReason } from "./errors.js";

export interface OrganizationSnapshot {
  organizationId: string;
  managementAccountId: string;
  accounts: Array<Omit<Account, "reachable" | "unreachableReason">>;
  skipped: Skip[];
}

/** Thrown when the organization's accounts cannot be listed; carries what was learnt before. */
export class OrganizationUnavailable extends Error {
  constructor(
    readonly error: unknown,
    readonly organizationId: string,
    readonly managementAccountId: string,
  ) {
    super(awsReason(error).reason);
  }
}

export async function readOrganization(client: OrganizationsClient): Promise<OrganizationSnapshot> {
  let organizationId = "";
  let managementAccountId = "";
  const accounts: OrganizationSnapshot["accounts"] = [];
  try {
    // Any member account may describe its organization; only the management account and delegated
    // administrators may list accounts (AccessDeniedException otherwise).
    const { Organization } = await client.send(new DescribeOrganizationCommand({}));
    organizationId = Organization?.Id ?? "";
    managementAccountId = Organization?.MasterAccountId ?? "";
    for await (const page of paginateListAccounts({ client }, {})) {
      for (const a of page.Accounts ?? []) {
        if (!a.Id) continue;
        accounts.push({
          id: a.Id,
          name: a.Name ?? a.Id,
          email: a.Email,
          // `State` (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, PENDING_ACTIVATION) replaces `Status`,
          // which AWS retires in September 2026.
          status: String(a.State ?? a.Status ?? "UNKNOWN"),
          ouPath: [],
          isManagement: a.Id === managementAccountId,
        });
      }
    }
  } catch (error) {
    throw new OrganizationUnavailable(error, organizationId, managementAccountId);
  }

  const skipped: Skip[] = [];
  try {
    const pathOf = await ouPaths(client);
    const parentOf = new Map<string, string>();
    for (const parentId of pathOf.keys()) {
      for await (const page of paginateListChildren({ client }, { ParentId: parentId, ChildType: "ACCOUNT" })) {
        for (const child of page.Children ?? []) if (child.Id) parentOf.set(child.Id, parentId);
      }
    }
    for (const account of accounts) {
      const parent = parentOf.get(account.id);
      account.ouPath = parent ? (pathOf.get(parent) ?? []) : [];
    }
  } catch (error) {
    const { code, reason } = awsReason(error);
    skipped.push({ side: "aws", target: "organizational units", code, reason: `OU paths unknown: ${reason}` });
    for (const account of accounts) account.ouPath = [];
  }
  return { organizationId, managementAccountId, accounts, skipped };
}

/** Map of every root and OU id to its path of names, root first. */
async function ouPaths(client: OrganizationsClient): Promise<Map<string, string[]>> {
  const paths = new Map<string, string[]>();
  const { Roots } = await client.send(new ListRootsCommand({}));
  const queue: string[] = [];
  for (const root of Roots ?? []) {
    if (!root.Id) continue;
    paths.set(root.Id, [root.Name ?? "Root"]);
    queue.push(root.Id);
  }
  while (queue.length > 0) {
    const parentId = queue.shift() as string;
    const parentPath = paths.get(parentId) ?? [];
    for await (const page of paginateListOrganizationalUnitsForParent({ client }, { ParentId: parentId })) {
      for (const ou of page.OrganizationalUnits ?? []) {
        if (!ou.Id) continue;
        paths.set(ou.Id, [...parentPath, ou.Name ?? ou.Id]);
        queue.push(ou.Id);
      }
    }
  }
  return paths;
}
