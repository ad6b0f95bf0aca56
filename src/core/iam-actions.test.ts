import { describe, expect, it } from "vitest";
import { iamActionOfEvent, servicePrefixOfSource } from "./iam-actions.js";

describe("iamActionOfEvent", () => {
  it("drops the API version Lambda appends, and renames calls whose IAM action differs", () => {
    expect(iamActionOfEvent("lambda.amazonaws.com", "UpdateFunctionCode20150331v2")).toBe("lambda:UpdateFunctionCode");
    expect(iamActionOfEvent("lambda.amazonaws.com", "GetFunction20150331")).toBe("lambda:GetFunction");
    expect(iamActionOfEvent("s3.amazonaws.com", "ListBuckets")).toBe("s3:ListAllMyBuckets");
    expect(iamActionOfEvent("ec2.amazonaws.com", "DescribeVpcs")).toBe("ec2:DescribeVpcs");
  });
  it("maps event sources to service prefixes", () => {
    expect(servicePrefixOfSource("api.ecr.amazonaws.com")).toBe("ecr");
    expect(servicePrefixOfSource("monitoring.amazonaws.com")).toBe("cloudwatch");
    expect(servicePrefixOfSource("s3")).toBe("s3");
  });
});
