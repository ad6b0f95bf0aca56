variable "region" {
  description = "Region of the AWS provider. Organizations is global: any enabled region works."
  type        = string
  default     = "us-east-1"
}

variable "target_ids" {
  description = "Accounts (or OU ids) the policy is attached to: by default the accounts whose keys keyless retired."
  type        = list(string)
  default     = ["222222222222", "333333333333"]
}

variable "tags" {
  description = "Tags for the policy."
  type        = map(string)
  default = {
    ManagedBy = "keyless"
  }
}
