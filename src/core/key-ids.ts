// What an AWS access key id looks like in text. Shared by discover (keys in repository files) and
// analyze (keys in workflows), so it lives below both.
export const KEY_ID = /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9])/g;
/** The access key id AWS documentation uses in examples. */
export const EXAMPLE_KEY_IDS = new Set(["AKIAIOSFODNN7EXAMPLE", "ASIAIOSFODNN7EXAMPLE"]);
