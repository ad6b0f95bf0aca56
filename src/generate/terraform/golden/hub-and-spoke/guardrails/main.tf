provider "aws" {
  region = var.region

  default_tags {
    tags = var.tags
  }
}

# Denies new access keys (and CI users) to every principal but the keyless-break-glass role.
resource "aws_organizations_policy" "deny_long_lived_keys" {
  name        = "keyless-deny-long-lived-keys"
  description = "keyless: no new long-lived access keys in accounts migrated to GitHub OIDC"
  type        = "SERVICE_CONTROL_POLICY"
  content = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "KeylessDenyNewAccessKeys"
        Effect   = "Deny"
        Action   = "iam:CreateAccessKey"
        Resource = "*"
        Condition = {
          ArnNotLike = {
            "aws:PrincipalArn" = [
              "arn:aws:iam::*:role/keyless-break-glass",
              "arn:aws:iam::*:role/*/keyless-break-glass",
            ]
          }
        }
      },
    ]
  })
}

resource "aws_organizations_policy_attachment" "deny_long_lived_keys" {
  for_each = toset(var.target_ids)

  policy_id = aws_organizations_policy.deny_long_lived_keys.id
  target_id = each.value
}
