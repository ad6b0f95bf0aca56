// Every repo template, by id, in one explicit list (the acme plan and large scenarios pick from it).
import { accountTemplates } from "./templates-accounts.js";
import { bulkTemplates } from "./templates-bulk.js";
import { cacTemplates } from "./templates-cac.js";
import { edgeTemplates } from "./templates-edge.js";
import { envTemplates } from "./templates-env.js";
import { orgTemplates } from "./templates-org.js";
import { reuseTemplates } from "./templates-reuse.js";
import { triggerTemplates } from "./templates-triggers.js";
import type { RepoTemplate } from "./template-types.js";

export const TEMPLATES = {
  ...cacTemplates,
  ...accountTemplates,
  ...triggerTemplates,
  ...envTemplates,
  ...reuseTemplates,
  ...orgTemplates,
  ...edgeTemplates,
  ...bulkTemplates,
} satisfies Record<string, RepoTemplate>;

export type TemplateId = keyof typeof TEMPLATES;
