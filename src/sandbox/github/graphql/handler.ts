// POST /graphql: parse, validate, price (GitHub's cost rules), charge the `graphql` rate limit,
// execute with graphql-js, and shape errors as GitHub does (`type`, `path`, `locations`).

import {
  execute,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
} from "graphql";
import type { GithubRepo } from "../../world.js";
import type { TokenInfo } from "../auth.js";
import { HttpError, type FakeState } from "../context.js";
import { rateHeaders } from "../rate-limit.js";
import type { GqlContext } from "./context.js";
import { TypedError } from "./connection.js";
import { analyzeQuery } from "./cost.js";
import { RepositoryModel, rootValue } from "./resolvers.js";
import { githubSchema } from "./schema.js";

export interface GraphqlAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

function formatError(error: GraphQLError): Record<string, unknown> {
  const original = error.originalError;
  const type = original instanceof TypedError ? original.type : error instanceof TypedError ? error.type : undefined;
  return {
    ...(type ? { type } : {}),
    ...(error.path ? { path: error.path } : {}),
    ...(error.locations ? { locations: error.locations } : {}),
    message: error.message,
  };
}

function isDryRun(document: DocumentNode, variables: Record<string, unknown>): boolean {
  return document.definitions.some(
    (def) =>
      def.kind === Kind.OPERATION_DEFINITION &&
      def.selectionSet.selections.some(
        (s) =>
          s.kind === Kind.FIELD &&
          s.name.value === "rateLimit" &&
          s.arguments?.some((a) => a.name.value === "dryRun" && (a.value.kind === Kind.BOOLEAN ? a.value.value : a.value.kind === Kind.VARIABLE && variables[a.value.name.value] === true)),
      ),
  );
}

export async function handleGraphql(state: FakeState, token: TokenInfo, body: unknown): Promise<GraphqlAnswer> {
  const request = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof request["query"] !== "string") {
    throw new HttpError(400, "A query attribute must be specified and must be a string.", { documentation_url: "https://docs.github.com/graphql" });
  }
  const window = state.rate.peek(token, "graphql");
  const headers = { ...rateHeaders(window), "x-accepted-oauth-scopes": "repo" };
  const fail = (errors: Array<Record<string, unknown>>): GraphqlAnswer => ({ status: 200, body: { errors }, headers });
  const schema = githubSchema();
  let document: DocumentNode;
  try {
    document = parse(request["query"]);
  } catch (error) {
    return fail([formatError(error as GraphQLError)]);
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0) {
    return fail(invalid.map(formatError));
  }
  const operationName = typeof request["operationName"] === "string" ? request["operationName"] : undefined;
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    return fail([{ message: "An operation name is required when the document has several operations." }]);
  }
  const rawVariables = (typeof request["variables"] === "object" && request["variables"] !== null ? request["variables"] : {}) as Record<string, unknown>;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables);
  if (coerced.errors) {
    return fail(coerced.errors.map(formatError));
  }
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) {
      fragments[def.name.value] = def;
    }
  }
  let cost;
  try {
    cost = analyzeQuery(schema, operation, fragments, coerced.coerced);
  } catch (error) {
    if (error instanceof TypedError) {
      return fail([formatError(error)]);
    }
    throw error;
  }
  if (!isDryRun(document, coerced.coerced)) {
    const charged = state.rate.consume(token, "graphql", cost.cost);
    Object.assign(headers, rateHeaders(charged.window));
    if (!charged.ok) {
      return fail([{ type: "RATE_LIMITED", message: `API rate limit already exceeded for user ID ${token.userId}.` }]);
    }
  }
  const context: GqlContext = {
    state,
    token,
    cost: { ...cost, window: state.rate.peek(token, "graphql") },
    repositoryModel: (repo: GithubRepo) => new RepositoryModel(context, repo),
  };
  const result = await execute({ schema, document, operationName, variableValues: rawVariables, contextValue: context, rootValue: rootValue(context) });
  const answer: Record<string, unknown> = { data: result.data ?? null };
  if (result.errors?.length) {
    answer["errors"] = result.errors.map(formatError);
  }
  return { status: 200, body: answer, headers };
}
