provider "aws" {
  region              = var.region
  allowed_account_ids = ["333333333333"]

  default_tags {
    tags = var.tags
  }
}

# Deploy role of acme/api: trusts arn:aws:iam::111111111111:role/keyless/gha-api-main.
resource "aws_iam_role" "gha_api_deploy" {
  name                 = "gha-api-deploy"
  path                 = "/keyless/"
  description          = "Deploy role of acme/api, chained from its GitHub Actions entry role; replaces access key AKIAAPISTAGINGAAAAAA of IAM user ci-api-staging. Managed by keyless."
  max_session_duration = 3600
  permissions_boundary = var.permissions_boundary
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "ChainFromEntryRole"
        Effect = "Allow"
        Principal = {
          AWS = "arn:aws:iam::111111111111:role/keyless/gha-api-main"
        }
        Action = ["sts:AssumeRole", "sts:TagSession"]
        Condition = {
          StringEquals = {
            "sts:ExternalId" = "keyless-25951a1520b08056cce6b1bfa2b5c4ee"
          }
        }
      },
    ]
  })

  tags = {
    "keyless:repo" = "acme/api"
    "keyless:role" = "deploy"
  }
}

resource "aws_iam_role_policy_attachment" "gha_api_deploy_amazons3fullaccess" {
  role       = aws_iam_role.gha_api_deploy.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
}
