// What GraphQL resolvers share for one request: the fake's state, the caller, the query's
// computed cost, and a factory for repository models (breaking an import cycle).

import type { GithubRepo } from "../../world.js";
import type { TokenInfo } from "../auth.js";
import type { FakeState } from "../context.js";
import type { RateWindow } from "../rate-limit.js";

export interface GqlContext {
  state: FakeState;
  token: TokenInfo;
  cost: { cost: number; nodeCount: number; window: RateWindow };
  repositoryModel(repo: GithubRepo): unknown;
}
