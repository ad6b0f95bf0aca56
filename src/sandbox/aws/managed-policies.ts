// The common AWS managed policies, with documents shaped like the real ones (long lists shortened),
// so GetPolicy/GetPolicyVersion answer for them in every account as real IAM does.

import type { ManagedPolicy } from "../world.js";
import { stableAwsId } from "./ids.js";

export interface AwsManagedPolicy extends ManagedPolicy {
  policyId: string;
  updateDate: string;
}

type Statement = Record<string, unknown>;

function policy(name: string, defaultVersionId: string, createDate: string, updateDate: string, statements: Statement[], options?: { path?: string; policyId?: string }): AwsManagedPolicy {
  const path = options?.path ?? "/";
  return {
    arn: `arn:aws:iam::aws:policy${path}${name}`,
    name,
    path,
    policyId: options?.policyId ?? stableAwsId("ANPA", 17, `aws-managed:${name}`),
    defaultVersionId,
    createDate,
    updateDate,
    document: JSON.stringify({ Version: "2012-10-17", Statement: statements }),
  };
}

const allow = (action: string | string[], resource: string | string[] = "*", extra: Statement = {}): Statement => ({ Effect: "Allow", Action: action, Resource: resource, ...extra });

export const AWS_MANAGED_POLICIES: readonly AwsManagedPolicy[] = [
  policy("AdministratorAccess", "v1", "2015-02-06T18:39:46Z", "2015-02-06T18:39:46Z", [allow("*")], { policyId: "ANPAIWMBCKSKIEE64ZLYK" }),
  policy("PowerUserAccess", "v5", "2015-02-06T18:39:47Z", "2023-07-06T22:04:00Z", [
    { Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" },
    allow(["account:GetAccountInformation", "account:GetPrimaryEmail", "account:ListRegions", "iam:CreateServiceLinkedRole", "iam:DeleteServiceLinkedRole", "iam:ListRoles", "organizations:DescribeOrganization"]),
  ], { policyId: "ANPAJYRXTHIB4FOVS3ZXS" }),
  policy("ReadOnlyAccess", "v121", "2015-02-06T18:39:48Z", "2025-06-12T17:12:00Z", [
    { Sid: "ReadOnlyActions", Effect: "Allow", Action: [
      "acm:Describe*", "acm:Get*", "acm:List*", "apigateway:GET", "autoscaling:Describe*", "cloudformation:Describe*",
      "cloudformation:Get*", "cloudformation:List*", "cloudfront:Get*", "cloudfront:List*", "cloudtrail:Describe*",
      "cloudtrail:Get*", "cloudtrail:List*", "cloudtrail:LookupEvents", "cloudwatch:Describe*", "cloudwatch:Get*",
      "cloudwatch:List*", "dynamodb:BatchGetItem", "dynamodb:Describe*", "dynamodb:Get*", "dynamodb:List*",
      "dynamodb:Query", "dynamodb:Scan", "ec2:Describe*", "ec2:Get*", "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage", "ecr:Describe*", "ecr:Get*", "ecr:List*", "ecs:Describe*", "ecs:List*", "eks:Describe*",
      "eks:List*", "iam:Generate*", "iam:Get*", "iam:List*", "iam:Simulate*", "kms:Describe*", "kms:Get*", "kms:List*",
      "lambda:Get*", "lambda:List*", "logs:Describe*", "logs:FilterLogEvents", "logs:Get*", "logs:StartQuery",
      "organizations:Describe*", "organizations:List*", "rds:Describe*", "rds:List*", "route53:Get*", "route53:List*",
      "s3:Describe*", "s3:Get*", "s3:List*", "secretsmanager:Describe*", "secretsmanager:List*", "sns:Get*", "sns:List*",
      "sqs:Get*", "sqs:List*", "ssm:Describe*", "ssm:Get*", "ssm:List*", "sts:GetCallerIdentity", "tag:Get*",
    ], Resource: "*" },
  ], { policyId: "ANPAILL3HVNFSB6DCOWYQ" }),
  policy("AmazonS3FullAccess", "v2", "2015-02-06T18:40:58Z", "2021-09-27T20:16:37Z", [allow(["s3:*", "s3-object-lambda:*"])], { policyId: "ANPAIFIR6V6BVTRAHWINE" }),
  policy("AmazonS3ReadOnlyAccess", "v3", "2015-02-06T18:40:59Z", "2023-08-10T21:31:39Z", [allow(["s3:Get*", "s3:List*", "s3:Describe*", "s3-object-lambda:Get*", "s3-object-lambda:List*"])]),
  policy("AmazonEC2FullAccess", "v5", "2015-02-06T18:40:15Z", "2018-11-27T02:16:56Z", [
    allow("ec2:*"), allow("elasticloadbalancing:*"), allow("cloudwatch:*"), allow("autoscaling:*"),
    allow("iam:CreateServiceLinkedRole", "*", { Condition: { StringEquals: { "iam:AWSServiceName": ["autoscaling.amazonaws.com", "ec2scheduled.amazonaws.com", "elasticloadbalancing.amazonaws.com", "spot.amazonaws.com", "spotfleet.amazonaws.com", "transitgateway.amazonaws.com"] } } }),
  ]),
  policy("AmazonEC2ContainerRegistryPowerUser", "v3", "2015-12-21T17:05:33Z", "2023-06-08T17:21:22Z", [
    allow(["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:GetRepositoryPolicy", "ecr:DescribeRepositories", "ecr:ListImages", "ecr:DescribeImages", "ecr:BatchGetImage", "ecr:GetLifecyclePolicy", "ecr:GetLifecyclePolicyPreview", "ecr:ListTagsForResource", "ecr:DescribeImageScanFindings", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"]),
  ]),
  policy("AWSLambda_FullAccess", "v2", "2020-11-23T19:20:41Z", "2022-02-18T21:26:31Z", [
    allow(["cloudformation:DescribeStacks", "cloudformation:ListStackResources", "cloudwatch:ListMetrics", "cloudwatch:GetMetricData", "ec2:DescribeSecurityGroups", "ec2:DescribeSubnets", "ec2:DescribeVpcs", "kms:ListAliases", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies", "iam:ListRoles", "lambda:*", "logs:DescribeLogGroups", "states:DescribeStateMachine", "states:ListStateMachines", "tag:GetResources", "xray:GetTraceSummaries", "xray:BatchGetTraces"]),
    allow("iam:PassRole", "*", { Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } } }),
    allow(["logs:DescribeLogStreams", "logs:GetLogEvents", "logs:FilterLogEvents"], "arn:aws:logs:*:*:log-group:/aws/lambda/*"),
  ]),
  policy("AWSLambdaBasicExecutionRole", "v1", "2015-04-09T15:03:43Z", "2015-04-09T15:03:43Z", [
    allow(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]),
  ], { path: "/service-role/" }),
  policy("AWSCloudFormationFullAccess", "v1", "2019-07-26T21:50:10Z", "2019-07-26T21:50:10Z", [allow("cloudformation:*")]),
  policy("CloudWatchLogsFullAccess", "v2", "2015-02-06T18:40:02Z", "2023-07-06T17:41:04Z", [
    { Sid: "CloudWatchLogsFullAccess", Effect: "Allow", Action: ["logs:*", "cloudwatch:GenerateQuery"], Resource: "*" },
  ]),
  policy("IAMFullAccess", "v2", "2015-02-06T18:40:38Z", "2019-06-21T19:40:00Z", [
    allow("iam:*"),
    allow(["organizations:DescribeAccount", "organizations:DescribeOrganization", "organizations:DescribeOrganizationalUnit", "organizations:DescribePolicy", "organizations:ListChildren", "organizations:ListParents", "organizations:ListPoliciesForTarget", "organizations:ListRoots", "organizations:ListPolicies", "organizations:ListTargetsForPolicy"]),
  ], { policyId: "ANPAI7XKCFMBPM3QQRRVQ" }),
  policy("AmazonDynamoDBFullAccess", "v5", "2015-02-06T18:40:11Z", "2019-05-08T21:20:48Z", [
    allow(["dynamodb:*", "dax:*", "application-autoscaling:DeleteScalingPolicy", "application-autoscaling:DescribeScalableTargets", "application-autoscaling:PutScalingPolicy", "application-autoscaling:RegisterScalableTarget", "cloudwatch:DescribeAlarms", "cloudwatch:PutMetricAlarm", "kms:DescribeKey", "kms:ListAliases", "sns:ListTopics"]),
  ]),
  policy("SecretsManagerReadWrite", "v5", "2018-04-04T18:05:29Z", "2024-03-27T20:45:00Z", [
    { Sid: "BasePermissions", Effect: "Allow", Action: ["secretsmanager:*", "cloudformation:CreateChangeSet", "cloudformation:DescribeChangeSet", "cloudformation:DescribeStackResource", "cloudformation:DescribeStacks", "cloudformation:ExecuteChangeSet", "kms:DescribeKey", "kms:ListAliases", "kms:ListKeys", "lambda:ListFunctions", "tag:GetResources"], Resource: "*" },
  ]),
  policy("AmazonSSMReadOnlyAccess", "v1", "2015-05-29T17:44:19Z", "2015-05-29T17:44:19Z", [allow(["ssm:Describe*", "ssm:Get*", "ssm:List*"])]),
  policy("CloudFrontFullAccess", "v5", "2015-02-06T18:39:50Z", "2023-05-04T18:30:00Z", [
    { Sid: "cfflistbuckets", Action: ["s3:ListAllMyBuckets"], Effect: "Allow", Resource: "arn:aws:s3:::*" },
    { Sid: "cffullaccess", Action: ["acm:ListCertificates", "cloudfront:*", "cloudfront-keyvaluestore:*", "iam:ListServerCertificates", "waf:ListWebACLs", "waf:GetWebACL", "wafv2:ListWebACLs", "wafv2:GetWebACL", "kinesis:ListStreams"], Effect: "Allow", Resource: "*" },
  ]),
];

const BY_ARN = new Map(AWS_MANAGED_POLICIES.map((p) => [p.arn, p]));

export function findAwsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  return BY_ARN.get(arn);
}
