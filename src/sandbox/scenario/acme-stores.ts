// acme's Dependabot and Codespaces secrets: one that holds web-frontend's key (written 25 minutes after
// the key was made, so timing links it), an AWS-named one nobody can place (KL114), and ordinary ones.
import type { StoreSecretsPlan } from "./store-secrets.js";

export const acmeStoreSecrets: StoreSecretsPlan = {
  repos: [
    { repo: "web-frontend", secrets: [{ store: "dependabot", name: "WEB_AWS_ACCESS_KEY_ID", key: "web-frontend", minutesAfterKey: 25 }] },
    {
      repo: "mobile-app",
      secrets: [
        { store: "codespaces", name: "AWS_ACCESS_KEY_ID", writtenDaysAgo: 345 },
        { store: "codespaces", name: "MAPS_API_TOKEN", writtenDaysAgo: 200 },
      ],
    },
    { repo: "design-system", secrets: [{ store: "dependabot", name: "NPM_REGISTRY_TOKEN", writtenDaysAgo: 40 }] },
  ],
  org: [
    { store: "dependabot", name: "GH_PACKAGES_TOKEN", visibility: "all", writtenDaysAgo: 120 },
    { store: "codespaces", name: "DEV_AWS_ACCESS_KEY_ID", visibility: "selected", selectedRepos: ["design-system", "mobile-app"], writtenDaysAgo: 500 },
  ],
};
