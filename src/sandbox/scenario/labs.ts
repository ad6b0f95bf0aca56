// The `enterprise` scenario: acme plus a small second organization, acme-labs, that deploys to the
// same AWS organization (two of acme's key-using repositories, copied, one without AWS, and one whose Dependabot
// CodeArtifact token is refreshed with a key; organization secrets named as acme's), and the enterprise `acme-group`
// that lists both. acme is left as it was.
import type { GithubRepo, World } from "../world.js";
import { addCodeArtifactRepo } from "./labs-codeartifact.js";
import { addLabsOrgSecrets } from "./labs-org-secrets.js";

export const LABS_ORG = "acme-labs";
export const ENTERPRISE_SLUG = "acme-group";
/** acme repositories copied into acme-labs: they use repository secrets holding acme's keys. */
const COPIED = 2;

export function addLabsOrg(world: World): World {
  const gh = world.github;
  const acme = gh.orgs[0];
  if (!acme) return world;
  const orgId = Math.max(...gh.orgs.map((o) => o.id)) + 1000;
  gh.orgs.push({ login: LABS_ORG, id: orgId, nodeId: "O_kgDOLabs001", name: "Acme Labs", createdAt: world.now.replace(/^\d{4}/, (y) => String(Number(y) - 2)), secrets: [], variables: [], members: 12 });
  gh.enterprises = [{ slug: ENTERPRISE_SLUG, id: 4242, nodeId: "E_kgDOAAAQkg", name: "Acme Group", orgs: [acme.login, LABS_ORG] }];

  let nextRepoId = Math.max(...gh.repos.map((r) => r.id)) + 1;
  let nextRunId = Math.max(0, ...gh.repos.flatMap((r) => r.workflowRuns.map((w) => w.id))) + 1;
  let nextEnvId = Math.max(0, ...gh.repos.flatMap((r) => r.environments.map((e) => e.id))) + 1;
  const sources = gh.repos
    .filter((r) => r.owner === acme.login && !r.archived && !r.fork && r.secrets.length > 0 && Object.values(r.files).some((t) => t.includes("aws-access-key-id")))
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, COPIED);
  const copy = (source: GithubRepo, name = source.name): GithubRepo => {
    const id = nextRepoId++;
    return {
      ...structuredClone(source),
      id,
      nodeId: `R_kgDOLabs${String(id).padStart(4, "0")}`,
      owner: LABS_ORG,
      ownerId: orgId,
      name,
      fullName: `${LABS_ORG}/${name}`,
      environments: source.environments.map((e) => ({ ...structuredClone(e), id: nextEnvId, nodeId: `EN_kgDOLabs${nextEnvId++}` })),
      workflowRuns: source.workflowRuns.map((w) => ({ ...structuredClone(w), id: nextRunId++ })),
    };
  };
  for (const source of sources) {
    gh.repos.push(copy(source));
    const full = `${LABS_ORG}/${source.name}`;
    const truth = world.truth;
    truth.usages.push(...truth.usages.filter((u) => u.repo === source.fullName).map((u) => ({ ...u, repo: full })));
    truth.links.push(...truth.links.filter((l) => l.repo === source.fullName && l.scope !== "organization").map((l) => ({ ...l, repo: full })));
  }
  const quiet = sources[0];
  if (quiet) gh.repos.push({ ...copy(quiet, "notebooks"), files: { "README.md": "# notebooks\n" }, secrets: [], environments: [], secretScanningAlerts: [], workflowRuns: [] });
  const notebooks = gh.repos[gh.repos.length - 1];
  if (quiet && notebooks) addCodeArtifactRepo(world, notebooks, nextRepoId++);
  addLabsOrgSecrets(world, LABS_ORG);
  return world;
}
