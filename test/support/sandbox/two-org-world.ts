// The GitHub fake's small test world with a second organization, for the tests of what an App
// installation's token reaches (each installation only its own organization).
import type { World } from "../../../src/sandbox/world.js";
import { testWorld } from "./github-world.js";

/** testWorld plus a second organization, acme-labs, with a copy of acme's public api and private billing repos. */
export function twoOrgWorld(): World {
  const world = testWorld();
  const acme = world.github.orgs[0]!;
  world.github.orgs.push({ ...structuredClone(acme), login: "acme-labs", id: 9100, nodeId: "O_kgDO9100", name: "Acme Labs" });
  for (const name of ["api", "billing"]) {
    const source = world.github.repos.find((r) => r.fullName === `acme/${name}`)!;
    const id = source.id + 1000;
    world.github.repos.push({ ...structuredClone(source), id, nodeId: `R_kgDO${id}`, owner: "acme-labs", ownerId: 9100, fullName: `acme-labs/${name}` });
  }
  return world;
}
