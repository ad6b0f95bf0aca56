// The part of GitHub's public GraphQL schema that keyless uses, with GitHub's own type, field and
// argument names, so any valid query over this part works here as it does on GitHub.

import { buildSchema, type GraphQLSchema } from "graphql";

const REPOSITORY_ARGS = `
    affiliations: [RepositoryAffiliation]
    after: String
    before: String
    first: Int
    hasIssuesEnabled: Boolean
    isArchived: Boolean
    isFork: Boolean
    isLocked: Boolean
    last: Int
    orderBy: RepositoryOrder
    ownerAffiliations: [RepositoryAffiliation] = [OWNER, COLLABORATOR]
    privacy: RepositoryPrivacy
    visibility: RepositoryVisibility`;

const OWNER_FIELDS = `
  avatarUrl(size: Int): URI!
  id: ID!
  login: String!
  repositories(${REPOSITORY_ARGS}
  ): RepositoryConnection!
  repository(followRenames: Boolean = true, name: String!): Repository
  resourcePath: URI!
  url: URI!`;

const GIT_OBJECT_FIELDS = `
  abbreviatedOid: String!
  commitResourcePath: URI!
  commitUrl: URI!
  id: ID!
  oid: GitObjectID!
  repository: Repository!`;

export const SDL = `
scalar Base64String
scalar DateTime
scalar GitObjectID
scalar GitTimestamp
scalar URI

interface Node {
  id: ID!
}

interface UniformResourceLocatable {
  resourcePath: URI!
  url: URI!
}

interface RepositoryOwner {${OWNER_FIELDS}
}

enum OrderDirection { ASC DESC }
enum RepositoryAffiliation { COLLABORATOR ORGANIZATION_MEMBER OWNER }
enum RepositoryPrivacy { PRIVATE PUBLIC }
enum RepositoryVisibility { INTERNAL PRIVATE PUBLIC }
enum RepositoryOrderField { CREATED_AT NAME PUSHED_AT STARGAZERS UPDATED_AT }
enum EnvironmentOrderField { NAME }
enum EnvironmentPinnedFilterField { ALL NONE ONLY }

input RepositoryOrder {
  direction: OrderDirection!
  field: RepositoryOrderField!
}

input Environments {
  direction: OrderDirection!
  field: EnvironmentOrderField!
}

type PageInfo {
  endCursor: String
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
}

type Organization implements Node & RepositoryOwner & UniformResourceLocatable {${OWNER_FIELDS}
  createdAt: DateTime!
  databaseId: Int
  description: String
  email: String
  isVerified: Boolean!
  name: String
  updatedAt: DateTime!
}

type User implements Node & RepositoryOwner & UniformResourceLocatable {${OWNER_FIELDS}
  createdAt: DateTime!
  databaseId: Int
  email: String!
  name: String
  updatedAt: DateTime!
}

type RepositoryConnection {
  edges: [RepositoryEdge]
  nodes: [Repository]
  pageInfo: PageInfo!
  totalCount: Int!
  totalDiskUsage: Int!
}

type RepositoryEdge {
  cursor: String!
  node: Repository
}

type Repository implements Node & UniformResourceLocatable {
  archivedAt: DateTime
  createdAt: DateTime!
  databaseId: Int
  defaultBranchRef: Ref
  description: String
  environment(name: String!): Environment
  environments(
    after: String
    before: String
    first: Int
    last: Int
    names: [String!] = []
    orderBy: Environments = {field: NAME, direction: ASC}
    pinnedEnvironmentFilter: EnvironmentPinnedFilterField = ALL
  ): EnvironmentConnection!
  id: ID!
  isArchived: Boolean!
  isDisabled: Boolean!
  isEmpty: Boolean!
  isFork: Boolean!
  isInOrganization: Boolean!
  isLocked: Boolean!
  isPrivate: Boolean!
  isTemplate: Boolean!
  name: String!
  nameWithOwner: String!
  object(expression: String, oid: GitObjectID): GitObject
  owner: RepositoryOwner!
  pushedAt: DateTime
  ref(qualifiedName: String!): Ref
  resourcePath: URI!
  updatedAt: DateTime!
  url: URI!
  visibility: RepositoryVisibility!
}

type Environment implements Node {
  databaseId: Int
  id: ID!
  isPinned: Boolean
  name: String!
  pinnedPosition: Int
}

type EnvironmentConnection {
  edges: [EnvironmentEdge]
  nodes: [Environment]
  pageInfo: PageInfo!
  totalCount: Int!
}

type EnvironmentEdge {
  cursor: String!
  node: Environment
}

type Ref implements Node {
  id: ID!
  name: String!
  prefix: String!
  repository: Repository!
  target: GitObject
}

interface GitObject {${GIT_OBJECT_FIELDS}
}

type Blob implements GitObject & Node {${GIT_OBJECT_FIELDS}
  byteSize: Int!
  isBinary: Boolean
  isTruncated: Boolean!
  text: String
}

type Tree implements GitObject & Node {${GIT_OBJECT_FIELDS}
  entries: [TreeEntry!]
}

type TreeEntry {
  extension: String
  isGenerated: Boolean!
  lineCount: Int
  mode: Int!
  name: String!
  nameRaw: Base64String!
  object: GitObject
  oid: GitObjectID!
  path: String
  pathRaw: Base64String
  repository: Repository!
  size: Int!
  type: String!
}

type GitActor {
  date: GitTimestamp
  email: String
  name: String
}

type Commit implements GitObject & Node & UniformResourceLocatable {${GIT_OBJECT_FIELDS}
  author: GitActor
  authoredDate: DateTime!
  committedDate: DateTime!
  committer: GitActor
  message: String!
  messageBody: String!
  messageHeadline: String!
  parents(after: String, before: String, first: Int, last: Int): CommitConnection!
  resourcePath: URI!
  tree: Tree!
  treeResourcePath: URI!
  treeUrl: URI!
  url: URI!
}

type CommitConnection {
  edges: [CommitEdge]
  nodes: [Commit]
  pageInfo: PageInfo!
  totalCount: Int!
}

type CommitEdge {
  cursor: String!
  node: Commit
}

type RateLimit {
  cost: Int!
  limit: Int!
  nodeCount: Int!
  remaining: Int!
  resetAt: DateTime!
  used: Int!
}

type Enterprise implements Node {
  databaseId: Int
  id: ID!
  name: String!
  organizations(after: String, before: String, first: Int, last: Int, query: String): OrganizationConnection!
  slug: String!
}

type OrganizationConnection {
  edges: [OrganizationEdge]
  nodes: [Organization]
  pageInfo: PageInfo!
  totalCount: Int!
}

type OrganizationEdge {
  cursor: String!
  node: Organization
}

type Query {
  enterprise(invitationToken: String, slug: String!): Enterprise
  node(id: ID!): Node
  nodes(ids: [ID!]!): [Node]!
  organization(login: String!): Organization
  rateLimit(dryRun: Boolean = false): RateLimit
  repository(followRenames: Boolean = true, name: String!, owner: String!): Repository
  repositoryOwner(login: String!): RepositoryOwner
  user(login: String!): User
  viewer: User!
}
`;

let built: GraphQLSchema | undefined;

export function githubSchema(): GraphQLSchema {
  built ??= buildSchema(SDL);
  return built;
}
