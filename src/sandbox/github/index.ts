// The in-process GitHub fake of the keyless sandbox: REST and GraphQL over a World.
export { startGithubFake, type GithubFake, type GithubFakeOptions, type Exchange } from "./server.js";
export type { PullMergedEvent } from "./context.js";
