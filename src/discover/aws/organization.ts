// Reads the AWS Organization: accounts, their state and OU path. Walks the OU tree once
// (ListOrganizationalUnitsForParent, ListChildren) instead of one ListParents per account.
import {
  DescribeOrganizationCommand,
  ListRootsCommand,
  paginateListAccounts,
  paginateListChildren,
  paginateListOrganizationalUnitsForParent,
  type OrganizationsClient,
} from "@aws-sdk/client-organizations";
import type { Account } from "../../inventory/schema.js";

export interface OrganizationSnapshot {
  organizationId: string;
  managementAccountId: string;
  accounts: Array<Omit<Account, "reachable" | "unreachableReason">>;
}

export async function readOrganization(client: OrganizationsClient): Promise<OrganizationSnapshot> {
  const { Organization } = await client.send(new DescribeOrganizationCommand({}));
  const organizationId = Organization?.Id ?? "";
  const managementAccountId = Organization?.MasterAccountId ?? "";

  const accounts: OrganizationSnapshot["accounts"] = [];
  for await (const page of paginateListAccounts({ client }, {})) {
    for (const a of page.Accounts ?? []) {
      if (!a.Id) continue;
      accounts.push({
        id: a.Id,
        name: a.Name ?? a.Id,
        email: a.Email,
        status: String((a as { State?: string }).State ?? a.Status ?? "UNKNOWN"),
        ouPath: [],
        isManagement: a.Id === managementAccountId,
      });
    }
  }

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
  return { organizationId, managementAccountId, accounts };
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
