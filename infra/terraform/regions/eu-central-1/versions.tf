terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.100 is the version the lock files and the offline mirror hold, and the
      # one the tests run on. The module needs the write-only arguments of late
      # 5.x (secret_string_wo) and the 5.x data source attributes
      # (aws_region.name, renamed in 6.0): no major upgrade without a review.
      version = "~> 5.100"
    }
  }

  # Partial configuration: bucket, key, region and lock table come from
  # `terraform init -backend-config=backend.hcl` (see infra/README.md).
  backend "s3" {}
}
