// Which account the scan started from, and with what standing in the organization: the management
// account, a delegated administrator (for which services), a plain member, or an account outside
// any organization. The report says it, because what a delegated administrator may read is less.
import { AccountNotRegisteredException, paginateListDelegatedServicesForAccount, type OrganizationsClient } from "@aws-sdk/client-organizations";
import type { ScannedFrom, Skip } from "../../inventory/schema.js";
import { awsReason } from "./errors.js";

export async function readScannedFrom(client: OrganizationsClient, callerAccount: string, managementAccountId: string, skipped: Skip[]): Promise<ScannedFrom> {
  if (!managementAccountId) return { accountId: callerAccount, kind: "standalone" };
  if (callerAccount === managementAccountId) return { accountId: callerAccount, kind: "management" };
  try {
    const servicePrincipals: string[] = [];
    for await (const page of paginateListDelegatedServicesForAccount({ client }, { AccountId: callerAccount })) {
      for (const s of page.DelegatedServices ?? []) if (s.ServicePrincipal) servicePrincipals.push(s.ServicePrincipal);
    }
    return { accountId: callerAccount, kind: "delegated-administrator", servicePrincipals: servicePrincipals.sort() };
  } catch (error) {
    // Not registered (or not allowed to ask, which only a delegated administrator or the management account may).
    if (!(error instanceof AccountNotRegisteredException)) {
      const { code, reason } = awsReason(error);
      skipped.push({ side: "aws", target: "delegated administrators", code, reason: `cannot tell whether ${callerAccount} is a delegated administrator: ${reason}` });
    }
    return { accountId: callerAccount, kind: "member" };
  }
}
