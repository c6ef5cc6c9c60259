# One Terraform state bucket, in the region whose deployment it describes:
# state holds resource attributes of that region (and, for the apply that
# creates a service key, its random value until the next refresh), so it stays
# there, encrypted under its own key, readable by that region's roles only.
# Saved plans of the deploy pipeline (plans/<region>/) live beside the state
# for the same reason, and expire after a week.

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "region" {
  description = "Region of the bucket, and of the deployment whose state it holds."
  type        = string
}

variable "bucket" {
  description = "Bucket name (globally unique: it ends with the account id)."
  type        = string
}

variable "tags" {
  type    = map(string)
  default = {}
}

resource "aws_kms_key" "state" {
  description             = "Charter Terraform state in ${var.region}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  multi_region            = false
  tags                    = var.tags
}

resource "aws_kms_alias" "state" {
  name          = "alias/charter-tfstate"
  target_key_id = aws_kms_key.state.key_id
}

resource "aws_s3_bucket" "state" {
  bucket        = var.bucket
  force_destroy = false
  tags          = var.tags
}

resource "aws_s3_bucket_ownership_controls" "state" {
  bucket = aws_s3_bucket.state.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  bucket                  = aws_s3_bucket.state.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.state.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket = aws_s3_bucket.state.id

  rule {
    id     = "saved-plans-expire"
    status = "Enabled"
    filter {
      prefix = "plans/"
    }
    expiration {
      days = 7
    }
    noncurrent_version_expiration {
      noncurrent_days = 1
    }
  }

  rule {
    id     = "old-state-versions"
    status = "Enabled"
    filter {
      prefix = "charter/"
    }
    noncurrent_version_expiration {
      noncurrent_days = 90
    }
  }

  depends_on = [aws_s3_bucket_versioning.state]
}

resource "aws_s3_bucket_policy" "state" {
  bucket = aws_s3_bucket.state.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.state.arn, "${aws_s3_bucket.state.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "DenyUnencryptedOrOtherKeyWrites"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.state.arn}/*"
        Condition = {
          Null            = { "s3:x-amz-server-side-encryption-aws-kms-key-id" = "false" }
          StringNotEquals = { "s3:x-amz-server-side-encryption-aws-kms-key-id" = aws_kms_key.state.arn }
        }
      },
    ]
  })

  depends_on = [aws_s3_bucket_public_access_block.state]
}

output "bucket" {
  value = aws_s3_bucket.state.bucket
}

output "protections" {
  description = "How the bucket is protected, for review and tests."
  value = {
    versioning         = aws_s3_bucket_versioning.state.versioning_configuration[0].status
    sse_algorithm      = one(one(aws_s3_bucket_server_side_encryption_configuration.state.rule).apply_server_side_encryption_by_default).sse_algorithm
    public_access      = [aws_s3_bucket_public_access_block.state.block_public_acls, aws_s3_bucket_public_access_block.state.block_public_policy, aws_s3_bucket_public_access_block.state.ignore_public_acls, aws_s3_bucket_public_access_block.state.restrict_public_buckets]
    deny_insecure_http = [for st in jsondecode(aws_s3_bucket_policy.state.policy).Statement : st.Condition if st.Sid == "DenyInsecureTransport"]
    key_rotation       = aws_kms_key.state.enable_key_rotation
    force_destroy      = aws_s3_bucket.state.force_destroy
  }
}

output "arn" {
  value = aws_s3_bucket.state.arn
}

output "kms_key_arn" {
  value = aws_kms_key.state.arn
}
