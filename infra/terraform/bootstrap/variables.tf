variable "github_repository" {
  description = "The GitHub repository allowed to deploy, as owner/name. Each region's role trusts only this repository's jobs that run in that region's GitHub environment."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$", var.github_repository))
    error_message = "github_repository must be owner/name, such as example-org/charter (no wildcards)."
  }
}

variable "allowed_account_ids" {
  description = "The AWS account this bootstrap may be applied to (the region roots use the same)."
  type        = list(string)

  validation {
    condition     = length(var.allowed_account_ids) > 0 && alltrue([for a in var.allowed_account_ids : can(regex("^[0-9]{12}$", a))])
    error_message = "allowed_account_ids must list 12-digit AWS account ids."
  }
}

variable "home_region" {
  description = "Region whose state bucket holds this bootstrap root's own state (IAM and the OIDC provider are global; its state names no personal data)."
  type        = string
  default     = "eu-central-1"
}

variable "deploy_session_seconds" {
  description = "Longest session of a deploy role. A first apply creates a Multi-AZ database (20-40 minutes) before the service rolls out."
  type        = number
  default     = 7200

  validation {
    condition     = var.deploy_session_seconds >= 3600 && var.deploy_session_seconds <= 14400
    error_message = "deploy_session_seconds must be between 3600 and 14400."
  }
}
