provider "aws" {
  region              = var.region
  allowed_account_ids = ["222222222222"]

  default_tags {
    tags = var.tags
  }
}

# GitHub Actions' OIDC provider. No thumbprint_list: AWS no longer uses thumbprints for this issuer.
resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

# Role of acme/api: trusts environment:production.
resource "aws_iam_role" "gha_api_env_production" {
  name                 = "gha-api-env-production"
  path                 = "/keyless/"
  description          = "GitHub Actions OIDC role of acme/api (environment:production); replaces access key AKIAAPIPRODAAAAAAAAA of IAM user ci-api-prod. Managed by keyless."
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
            "token.actions.githubusercontent.com:sub" = "repo:acme/api:environment:production"
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

resource "aws_iam_role_policy" "gha_api_env_production_artifacts" {
  name = "artifacts"
  role = aws_iam_role.gha_api_env_production.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:GetObject"]
        Resource = "arn:aws:s3:::acme-artifacts/$${aws:username}/*"
      },
    ]
  })
}

resource "aws_iam_role_policy" "gha_api_env_production_deployers_deployers" {
  name = "Deployers-deployers"
  role = aws_iam_role.gha_api_env_production.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "lambda:UpdateFunctionCode"
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "gha_api_env_production_amazonec2containerregistrypoweruser" {
  role       = aws_iam_role.gha_api_env_production.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser"
}
