provider "aws" {
  region              = var.region
  allowed_account_ids = ["333333333333"]

  default_tags {
    tags = var.tags
  }
}

# GitHub Actions' OIDC provider. No thumbprint_list: AWS no longer uses thumbprints for this issuer.
resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

# Role of acme/api: trusts ref:refs/heads/main.
resource "aws_iam_role" "gha_api_main" {
  name                 = "gha-api-main"
  path                 = "/keyless/"
  description          = "GitHub Actions OIDC role of acme/api (ref:refs/heads/main); replaces access key AKIAAPISTAGINGAAAAAA of IAM user ci-api-staging. Managed by keyless."
  max_session_duration = 3600
  permissions_boundary = var.permissions_boundary
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "GitHubActionsExact"
        Effect = "Allow"
        Principal = {
          Federated = aws_iam_openid_connect_provider.github.arn
        }
        Action = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = {
            "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
            "token.actions.githubusercontent.com:sub" = "repo:acme/api:ref:refs/heads/main"
          }
        }
      },
    ]
  })

  tags = {
    "keyless:repo" = "acme/api"
    "keyless:role" = "direct"
  }
}

resource "aws_iam_role_policy_attachment" "gha_api_main_amazons3fullaccess" {
  role       = aws_iam_role.gha_api_main.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
}
