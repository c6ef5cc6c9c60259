################################################################################
# The region key: the customer master key every data key of this region is
# wrapped under (envelope encryption), and the key of the database, ledger,
# logs, database secret and images. Rotated yearly.
################################################################################

locals {
  # Admins manage the key but cannot use it directly: data keys are unwrapped
  # only by the task role. They may let AWS services use it on their behalf
  # (RDS storage, the RDS-managed secret, S3, ECR), which is what provisioning needs.
  kms_admin_actions = [
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:RotateKeyOnDemand",
  ]

  # What the service needs for envelope encryption (DataKeyService): new DEKs,
  # unwrapping, re-wrapping under the current key version (POST /v1/admin/keys/rotate).
  kms_task_actions = [
    "kms:GenerateDataKey",
    "kms:Decrypt",
    "kms:ReEncrypt*",
    "kms:DescribeKey",
  ]

  kms_services_for_admins = [for s in ["rds", "secretsmanager", "s3", "ecr"] : "${s}.${var.region}.amazonaws.com"]

  kms_key_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "KeyAdministration"
        Effect    = "Allow"
        Principal = { AWS = var.admin_role_arns }
        Action    = local.kms_admin_actions
        Resource  = "*"
      },
      {
        Sid       = "AdministratorsProvisionEncryptedResources"
        Effect    = "Allow"
        Principal = { AWS = var.admin_role_arns }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"]
        Resource  = "*"
        Condition = {
          StringEquals = { "kms:ViaService" = local.kms_services_for_admins }
        }
      },
      {
        Sid       = "ServiceEnvelopeEncryption"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.task.arn }
        Action    = local.kms_task_actions
        Resource  = "*"
      },
      {
        # The ECS agent reads the database secret at task start; Secrets
        # Manager decrypts it with the caller's permission, and only through
        # Secrets Manager.
        Sid       = "TaskStartReadsDatabaseSecret"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.execution.arn }
        Action    = ["kms:Decrypt"]
        Resource  = "*"
        Condition = {
          StringEquals = { "kms:ViaService" = "secretsmanager.${var.region}.amazonaws.com" }
        }
      },
      {
        # CloudWatch Logs encrypts the service's log group, and nothing else.
        Sid       = "CloudWatchLogsEncryptsServiceLogGroup"
        Effect    = "Allow"
        Principal = { Service = "logs.${var.region}.amazonaws.com" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = {
          ArnEquals = { "kms:EncryptionContext:aws:logs:arn" = local.log_group_arn }
        }
      },
    ]
  }
}

resource "aws_kms_key" "this" {
  description             = "Charter ${var.region}: master key for envelope encryption, database, ledger and logs"
  key_usage               = "ENCRYPT_DECRYPT"
  enable_key_rotation     = true
  rotation_period_in_days = 365
  deletion_window_in_days = var.kms_deletion_window_in_days
  multi_region            = false # the key, like the data, never leaves the region
  policy                  = jsonencode(local.kms_key_policy)

  tags = merge(local.tags, { Name = local.name })
}

resource "aws_kms_alias" "this" {
  name          = "alias/${local.name}"
  target_key_id = aws_kms_key.this.key_id
}
