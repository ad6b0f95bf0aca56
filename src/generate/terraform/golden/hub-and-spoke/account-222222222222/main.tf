provider "aws" {
  region              = var.region
  allowed_account_ids = ["222222222222"]

  default_tags {
    tags = var.tags
  }
}

# Deploy role of acme/api: trusts arn:aws:iam::111111111111:role/keyless/gha-api-env-production.
resource "aws_iam_role" "gha_api_deploy" {
  name                 = "gha-api-deploy"
  path                 = "/keyless/"
  description          = "Deploy role of acme/api, chained from its GitHub Actions entry role; replaces access key AKIAAPIPRODAAAAAAAAA of IAM user ci-api-prod. Managed by keyless."
  max_session_duration = 3600
  permissions_boundary = var.permissions_boundary
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "ChainFromEntryRole"
        Effect = "Allow"
        Principal = {
          AWS = "arn:aws:iam::111111111111:role/keyless/gha-api-env-production"
        }
        Action = ["sts:AssumeRole", "sts:TagSession"]
        Condition = {
          StringEquals = {
            "sts:ExternalId" = "keyless-9f817deaf576c05f893a4e739952a57d"
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

resource "aws_iam_role_policy" "gha_api_deploy_artifacts" {
  name = "artifacts"
  role = aws_iam_role.gha_api_deploy.id
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

resource "aws_iam_role_policy" "gha_api_deploy_deployers_deployers" {
  name = "Deployers-deployers"
  role = aws_iam_role.gha_api_deploy.id
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

resource "aws_iam_role_policy_attachment" "gha_api_deploy_amazonec2containerregistrypoweruser" {
  role       = aws_iam_role.gha_api_deploy.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser"
}
