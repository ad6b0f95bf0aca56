// acme-labs' organization secrets: an Actions deploy key pair and a Codespaces key id named as acme's
// are (ORG_DEPLOY_AWS_*, DEV_AWS_ACCESS_KEY_ID), so a scan of both organizations has two secrets of one
// name and scope that only their organization tells apart. No workflow of acme-labs reads them and no
// key is linked to them (written long after any key was made), so they are acme-labs' own findings.
import type { World } from "../world.js";
import { ORG_DEPLOY_KEY, ORG_DEPLOY_SECRET } from "./templates-org.js";

const DAY = 86_400_000;

export function addLabsOrgSecrets(world: World, login: string): void {
  const org = world.github.orgs.find((o) => o.login === login);
  if (!org) return;
  const at = (days: number) => new Date(Date.parse(world.now) - days * DAY).toISOString().replace(/\.\d{3}Z$/, "Z");
  const secret = (name: string, visibility: "all" | "private") => ({ name, createdAt: at(610), updatedAt: at(600), visibility });
  org.secrets.push(secret(ORG_DEPLOY_KEY, "private"), secret(ORG_DEPLOY_SECRET, "private"));
  (org.codespacesSecrets ??= []).push(secret("DEV_AWS_ACCESS_KEY_ID", "all"));
}
