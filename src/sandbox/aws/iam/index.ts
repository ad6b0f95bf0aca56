// Every IAM operation the fake serves, in one explicit table (an action not here is InvalidAction).

import { CREDENTIAL_REPORT_HANDLERS } from "../credential-report.js";
import { AUTHORIZATION_DETAILS_HANDLERS } from "./authorization-details.js";
import type { IamHandler } from "./common.js";
import { LAST_ACCESSED_HANDLERS } from "./last-accessed.js";
import { OIDC_HANDLERS } from "./oidc.js";
import { POLICY_HANDLERS } from "./policies.js";
import { ROLE_HANDLERS } from "./roles.js";
import { USER_HANDLERS } from "./users.js";

export const IAM_HANDLERS: Record<string, IamHandler> = {
  ...USER_HANDLERS,
  ...POLICY_HANDLERS,
  ...ROLE_HANDLERS,
  ...OIDC_HANDLERS,
  ...CREDENTIAL_REPORT_HANDLERS,
  ...AUTHORIZATION_DETAILS_HANDLERS,
  ...LAST_ACCESSED_HANDLERS,
};
