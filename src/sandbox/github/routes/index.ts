// Every REST route the GitHub fake serves, in one table (the conformance test walks it).

import type { Route } from "../router.js";
import { actionsRoutes } from "./actions.js";
import { codeScanningRoutes } from "./code-scanning.js";
import { appRoutes } from "./apps.js";
import { contentRoutes } from "./contents.js";
import { gitReadRoutes } from "./git-read.js";
import { gitWriteRoutes } from "./git-write.js";
import { metaRoutes } from "./meta.js";
import { pullRoutes } from "./pulls.js";
import { repoRoutes } from "./repos.js";
import { secretScanningRoutes } from "./secret-scanning.js";
import { secretRoutes } from "./secrets.js";
import { storeSecretRoutes } from "./store-secrets.js";
import { variableRoutes } from "./variables.js";

export const routes: Route[] = [
  ...metaRoutes,
  ...repoRoutes,
  ...contentRoutes,
  ...gitReadRoutes,
  ...gitWriteRoutes,
  ...secretRoutes,
  ...storeSecretRoutes,
  ...variableRoutes,
  ...actionsRoutes,
  ...secretScanningRoutes,
  ...codeScanningRoutes,
  ...pullRoutes,
  ...appRoutes,
];
