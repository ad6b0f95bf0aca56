// Publishing to GitHub: change sets (pure) and the publisher that turns each into one branch, one
// commit and one pull request, idempotently.
export { PublishApi, type Person, type PullInfo, type RepoInfo } from "./api.js";
export {
  buildChangeSets,
  buildTerraformChangeSet,
  matchesAny,
  MIGRATION_BRANCH,
  MIGRATION_TITLE,
  TERRAFORM_BRANCH,
  TERRAFORM_TITLE,
  terraformFolder,
  type ChangeFile,
  type ChangeSet,
  type ChangeSetInput,
  type ChangeSets,
  type PrOptions,
  type RepoPatches,
  type Selection,
  type Skip,
} from "./change-set.js";
export { pacedClient, unpacedClient } from "./client.js";
export { exactAfter, maskedFilesOf } from "./exact-bytes.js";
export { gitBlobSha, planHashOf } from "./hash.js";
export { markerComment, readMarker, type Marker, type PrKind } from "./marker.js";
export { renderMigrationBody, renderTerraformBody } from "./pr-body.js";
export { publish, refreshPrs, type Outcome, type PrStateChange, type PublishContext, type PublishReport, type PublishResult } from "./publish.js";
