terraform {
  required_version = ">= 1.11" # ephemeral resources and write-only arguments (secrets.tf)

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}
