terraform {
  required_version = ">= 1.11" # S3 backend locking with use_lockfile

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # The version of the region roots (see modules/region/versions.tf).
      version = "~> 5.100"
    }
  }

  # Partial configuration, filled by `terraform init -backend-config=...`
  # (infra/README.md, "From an empty account"). The very first apply creates
  # the state buckets, so it runs with a local backend_override.tf and then
  # migrates its state into the bucket of var.home_region.
  backend "s3" {}
}
