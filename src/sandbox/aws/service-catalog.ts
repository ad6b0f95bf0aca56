// The services the fake's last-accessed reports know: IAM's service names by prefix, and for the
// services IAM tracks at action level, the actions it tracks. IAM's user guide ("IAM action last
// accessed information services and actions") first listed Amazon EC2, IAM, Lambda and Amazon S3
// management actions; the fake keeps to those four, so the other services it serves (ECR,
// CloudFormation, Batch, EKS…) answer at service level only, as the plan must be ready for.
// S3 object calls (GetObject, PutObject…) are data events: IAM does not track them per action.

export const SERVICE_NAMES: Record<string, string> = {
  acm: "AWS Certificate Manager",
  batch: "AWS Batch",
  cloudformation: "AWS CloudFormation",
  cloudfront: "Amazon CloudFront",
  cloudtrail: "AWS CloudTrail",
  cloudwatch: "Amazon CloudWatch",
  dynamodb: "Amazon DynamoDB",
  ec2: "Amazon EC2",
  ecr: "Amazon Elastic Container Registry",
  ecs: "Amazon Elastic Container Service",
  eks: "Amazon Elastic Kubernetes Service",
  guardduty: "Amazon GuardDuty",
  iam: "AWS Identity and Access Management",
  kms: "AWS Key Management Service",
  lambda: "AWS Lambda",
  logs: "Amazon CloudWatch Logs",
  organizations: "AWS Organizations",
  route53: "Amazon Route 53",
  s3: "Amazon S3",
  sagemaker: "Amazon SageMaker",
  secretsmanager: "AWS Secrets Manager",
  sns: "Amazon SNS",
  sqs: "Amazon SQS",
  ssm: "AWS Systems Manager",
  sts: "AWS Security Token Service",
};

/** Tracked actions of the action-level services (a sample of each; what the scenario's policies and CloudTrail name). */
export const TRACKED_ACTIONS: Record<string, readonly string[]> = {
  ec2: ["AuthorizeSecurityGroupIngress", "CreateTags", "DescribeInstances", "DescribeSecurityGroups", "DescribeSubnets", "DescribeVpcs", "RunInstances", "TerminateInstances"],
  iam: ["AttachRolePolicy", "CreateAccessKey", "CreateRole", "DeleteRole", "GetRole", "GetUser", "ListRoles", "PutRolePolicy"],
  lambda: ["CreateFunction", "DeleteFunction", "GetFunction", "InvokeFunction", "ListFunctions", "PublishVersion", "UpdateAlias", "UpdateFunctionCode"],
  s3: ["CreateBucket", "DeleteBucket", "GetBucketLocation", "GetBucketPolicy", "GetBucketVersioning", "ListAllMyBuckets", "PutBucketPolicy", "PutBucketVersioning"],
};

export function isActionLevelService(prefix: string): boolean {
  return prefix in TRACKED_ACTIONS;
}

export function serviceName(prefix: string): string {
  return SERVICE_NAMES[prefix] ?? prefix;
}
