variable "region" {
  description = "Region of the AWS provider. IAM is global: any enabled region works."
  type        = string
  default     = "us-east-1"
}

variable "permissions_boundary" {
  description = "ARN of a permissions boundary for every role this module creates, or null for none."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every resource this module creates."
  type        = map(string)
  default = {
    ManagedBy = "keyless"
  }
}
