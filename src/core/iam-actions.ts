// How a CloudTrail record names what was called, turned into the IAM action a policy must allow:
// the service prefix of the event source, and the event name without the API version some services
// append (Lambda's UpdateFunctionCode20150331v2). Shared by the sandbox (which derives IAM's
// last-accessed data from its CloudTrail) and the plan (which narrows policies by the same events).

/** Event sources whose IAM service prefix differs from the host name. */
const PREFIX_OF_SOURCE: Record<string, string> = { monitoring: "cloudwatch", email: "ses", tagging: "tag", "api.ecr": "ecr", "api.sagemaker": "sagemaker" };

/** Calls whose IAM action has another name than the API operation CloudTrail records. */
const ACTION_OF_EVENT: Record<string, string> = {
  "s3:ListBuckets": "s3:ListAllMyBuckets",
  "s3:ListObjects": "s3:ListBucket",
  "s3:ListObjectsV2": "s3:ListBucket",
  "s3:HeadObject": "s3:GetObject",
  "s3:HeadBucket": "s3:ListBucket",
};

/** The IAM service prefix of a CloudTrail event source (`api.ecr.amazonaws.com` → `ecr`). */
export function servicePrefixOfSource(eventSource: string): string {
  const host = eventSource.toLowerCase().replace(/\.amazonaws\.com$/, "");
  return PREFIX_OF_SOURCE[host] ?? host.split(".").pop() ?? host;
}

/** The IAM action (`service:Action`) a CloudTrail event needed. */
export function iamActionOfEvent(eventSource: string, eventName: string): string {
  const name = eventName.replace(/20\d{6}(v\d+)?$/, "");
  const action = `${servicePrefixOfSource(eventSource)}:${name}`;
  return ACTION_OF_EVENT[action] ?? action;
}
