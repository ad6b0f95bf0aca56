// IAM policy documents the scenario attaches: a small library of realistic customer-managed and inline
// policies, plus AWS managed ARNs (they live in AWS's account, not in iam.policies; the names used
// must be ones the AWS fake knows, see ../aws/managed-policies.ts).
import type { PolicyRef } from "./plan.js";
import type { ServiceProfile } from "./template-types.js";

type Statement = { Sid?: string; Effect: "Allow" | "Deny"; Action: string | string[]; Resource: string | string[]; Condition?: unknown };

function library(org: string): Record<string, Statement[]> {
  return {
    "ci-s3-deploy": [
      { Sid: "Sync", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: [`arn:aws:s3:::${org}-*`, `arn:aws:s3:::${org}-*/*`] },
      { Sid: "Invalidate", Effect: "Allow", Action: "cloudfront:CreateInvalidation", Resource: "*" },
    ],
    "ci-ecr-push": [
      { Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      { Effect: "Allow", Action: ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage"], Resource: "arn:aws:ecr:*:*:repository/*" },
    ],
    "ci-lambda-deploy": [
      { Effect: "Allow", Action: ["lambda:UpdateFunctionCode", "lambda:GetFunction", "lambda:PublishVersion", "lambda:UpdateAlias"], Resource: "arn:aws:lambda:*:*:function:*" },
    ],
    "ci-cloudformation-deploy": [
      { Effect: "Allow", Action: ["cloudformation:*"], Resource: "*" },
      { Effect: "Allow", Action: ["s3:*"], Resource: [`arn:aws:s3:::cdk-*`, `arn:aws:s3:::${org}-deploy-*`] },
      { Effect: "Allow", Action: "iam:PassRole", Resource: "*" },
    ],
    "ci-batch-submit": [
      { Effect: "Allow", Action: ["batch:SubmitJob", "batch:DescribeJobs"], Resource: "*" },
      { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `arn:aws:s3:::${org}-*/*` },
    ],
    "ci-eks-deploy": [{ Effect: "Allow", Action: ["eks:DescribeCluster", "eks:ListClusters"], Resource: "*" }],
    "backup-writer": [
      { Effect: "Allow", Action: ["s3:PutObject", "s3:ListBucket"], Resource: [`arn:aws:s3:::${org}-backups`, `arn:aws:s3:::${org}-backups/*`] },
      { Effect: "Deny", Action: "s3:DeleteObject", Resource: "*" },
    ],
    "assume-deployer": [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::*:role/inventory-deployer" }],
    "terraform-state": [
      { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], Resource: [`arn:aws:s3:::${org}-terraform-state`, `arn:aws:s3:::${org}-terraform-state/*`] },
      { Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"], Resource: "arn:aws:dynamodb:*:*:table/terraform-locks" },
    ],
    "full-access": [{ Effect: "Allow", Action: "*", Resource: "*" }],
    "force-mfa": [
      { Sid: "DenyWithoutMFA", Effect: "Deny", Action: "*", Resource: "*", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } },
    ],
    "guardduty-export": [{ Effect: "Allow", Action: ["guardduty:List*", "guardduty:Get*", "s3:PutObject"], Resource: "*" }],
    "research-sandbox": [{ Effect: "Allow", Action: ["sagemaker:*", "s3:*", "ec2:Describe*"], Resource: "*" }],
  };
}

const cache = new Map<string, Record<string, Statement[]>>();

export function policyDocument(org: string, name: string): string {
  let lib = cache.get(org);
  if (!lib) cache.set(org, (lib = library(org)));
  const statements = lib[name];
  if (!statements) throw new Error(`scenario plan names an unknown policy "${name}"`);
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

export function awsManagedArn(name: string): string {
  return `arn:aws:iam::aws:policy/${name}`;
}

export function parsePolicyRef(ref: PolicyRef): { kind: "aws" | "customer" | "inline"; name: string } {
  const colon = ref.indexOf(":");
  return { kind: ref.slice(0, colon) as "aws" | "customer" | "inline", name: ref.slice(colon + 1) };
}

/** Policies a generated CI user gets for what its workflow does (large scenarios). */
export function policiesForProfile(profile: ServiceProfile): PolicyRef[] {
  switch (profile) {
    case "s3-site":
      return ["customer:ci-s3-deploy"];
    case "ecr":
      return ["aws:AmazonEC2ContainerRegistryPowerUser"];
    case "lambda":
      return ["customer:ci-lambda-deploy"];
    case "cloudformation":
      return ["aws:AWSCloudFormationFullAccess", "inline:ci-cloudformation-deploy"];
    case "terraform":
      return ["aws:PowerUserAccess", "customer:terraform-state"];
    case "batch":
      return ["customer:ci-batch-submit"];
    case "eks":
      return ["customer:ci-eks-deploy"];
    case "backup":
      return ["inline:backup-writer"];
    case "sts":
      return ["inline:assume-deployer"];
  }
}
