// Static analysis of a GraphQL query before it runs, as GitHub does: every connection needs
// `first` or `last` (at most 100), and the query's cost is the number of connection requests
// (each counted once per parent node it may run under) divided by 100, at least 1.

import {
  getNamedType,
  isObjectType,
  isInterfaceType,
  valueFromAST,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { MAX_PAGE, TypedError } from "./connection.js";

export const MAX_NODES = 500_000;

export interface QueryCost {
  cost: number;
  nodeCount: number;
}

function fieldsOf(type: GraphQLNamedType | undefined): Record<string, GraphQLField<unknown, unknown>> {
  return type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : {};
}

export function analyzeQuery(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): QueryCost {
  let requests = 0;
  let nodeCount = 0;
  const walk = (selections: SelectionSetNode | undefined, parent: GraphQLNamedType | undefined, multiplier: number, path: string[], seen: Set<string>) => {
    for (const selection of selections?.selections ?? []) {
      if (selection.kind === "InlineFragment") {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        walk(selection.selectionSet, type ?? undefined, multiplier, path, seen);
        continue;
      }
      if (selection.kind === "FragmentSpread") {
        const fragment = fragments[selection.name.value];
        if (fragment && !seen.has(fragment.name.value)) {
          const type = schema.getType(fragment.typeCondition.name.value);
          walk(fragment.selectionSet, type ?? undefined, multiplier, path, new Set([...seen, fragment.name.value]));
        }
        continue;
      }
      const field = fieldsOf(parent)[selection.name.value];
      if (!field) {
        continue;
      }
      const returned = getNamedType(field.type);
      const name = selection.alias?.value ?? selection.name.value;
      let childMultiplier = multiplier;
      if (returned.name.endsWith("Connection")) {
        const arg = (argName: string): number | undefined => {
          const node = selection.arguments?.find((a) => a.name.value === argName);
          const def = field.args.find((a) => a.name === argName);
          const value = node && def ? valueFromAST(node.value, def.type, variables) : undefined;
          return typeof value === "number" ? value : undefined;
        };
        const [first, last] = [arg("first"), arg("last")];
        const connectionName = selection.name.value;
        if (first === undefined && last === undefined) {
          throw new TypedError("MISSING_PAGINATION_BOUNDARIES", `You must provide a \`first\` or \`last\` value to properly paginate the \`${connectionName}\` connection.`);
        }
        for (const [argName, value] of [["first", first], ["last", last]] as const) {
          if (value !== undefined && (value > MAX_PAGE || value < 0)) {
            throw new TypedError(
              "EXCESSIVE_PAGINATION",
              value < 0
                ? `\`${argName}\` on the \`${connectionName}\` connection cannot be less than zero.`
                : `Requesting ${value} records on the \`${connectionName}\` connection exceeds the \`${argName}\` limit of ${MAX_PAGE} records.`,
            );
          }
        }
        const size = first ?? last ?? 0;
        requests += multiplier;
        nodeCount += multiplier * size;
        childMultiplier = multiplier * Math.max(size, 1);
      }
      walk(selection.selectionSet, returned, childMultiplier, [...path, name], seen);
    }
  };
  const root = operation.operation === "query" ? schema.getQueryType() : undefined;
  walk(operation.selectionSet, root ?? undefined, 1, [], new Set());
  if (nodeCount > MAX_NODES) {
    throw new TypedError("MAX_NODE_LIMIT_EXCEEDED", `This query requests up to ${nodeCount.toLocaleString("en-US")} possible nodes which exceeds the maximum limit of ${MAX_NODES.toLocaleString("en-US")}.`);
  }
  return { cost: Math.max(1, Math.round(requests / 100)), nodeCount };
}
