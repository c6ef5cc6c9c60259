################################################################################
# The region key: the customer master key every data key of this region is
# wrapped under (envelope encryption), and the key of the database, ledger,
# logs, database secret and images. Rotated yearly.
################################################################################

locals {
  # Admins run the key's life cycle but can neither use it directly (data keys
  # are unwrapped only by the task role), nor hand it to anyone (no
  # kms:CreateGrant but the service grants below), nor rewrite this policy
  # (kms:PutKeyPolicy belongs to key_policy_admin_role_arns alone): a
  # compromised deploy role cannot grant itself decryption. Named actions, no
  # wildcards, so a new KMS action is not granted by accident.
  kms_admin_actions = [
    "kms:DescribeKey",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListGrants",
    "kms:ListKeyPolicies",
    "kms:ListKeyRotations",
    "kms:ListResourceTags",
    "kms:EnableKey",
    "kms:DisableKey",
    "kms:EnableKeyRotation",
    "kms:DisableKeyRotation",
    "kms:RotateKeyOnDemand",
    "kms:UpdateKeyDescription",
    "kms:CreateAlias",
    "kms:UpdateAlias",
    "kms:DeleteAlias",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:RevokeGrant",
    "kms:RetireGrant",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
  ]

  # Changing who may do what with the key: a separate, rarely used role.
  kms_policy_admin_actions = ["kms:PutKeyPolicy", "kms:GetKeyPolicy", "kms:DescribeKey"]

  # What the service needs for envelope encryption (DataKeyService): new DEKs,
  # unwrapping, re-wrapping under the current key version (POST /v1/admin/keys/rotate).
  kms_task_actions = [
    "kms:GenerateDataKey",
    "kms:Decrypt",
    "kms:ReEncrypt*",
    "kms:DescribeKey",
  ]

  kms_services_for_admins = [for s in ["rds", "secretsmanager", "s3", "ecr"] : "${s}.${var.region}.amazonaws.com"]

  # RDS (storage, Performance Insights) and ECR keep grants on the key for the
  # resources they encrypt: the only grants there are.
  kms_grant_services = [for s in ["rds", "ecr"] : "${s}.${var.region}.amazonaws.com"]

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
        Sid       = "KeyPolicyAdministration"
        Effect    = "Allow"
        Principal = { AWS = var.key_policy_admin_role_arns }
        Action    = local.kms_policy_admin_actions
        Resource  = "*"
      },
      {
        Sid       = "AdministratorsProvisionEncryptedResources"
        Effect    = "Allow"
        Principal = { AWS = var.admin_role_arns }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
        Condition = {
          StringEquals = { "kms:ViaService" = local.kms_services_for_admins }
        }
      },
      {
        # Grants only for an AWS resource (the RDS instance, the ECR
        # repository), only through those services.
        Sid       = "AdministratorsLetRdsAndEcrKeepGrants"
        Effect    = "Allow"
        Principal = { AWS = var.admin_role_arns }
        Action    = "kms:CreateGrant"
        Resource  = "*"
        Condition = {
          StringEquals = { "kms:ViaService" = local.kms_grant_services }
          Bool         = { "kms:GrantIsForAWSResource" = "true" }
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

  # KMS refuses a policy that does not let its creator (the deploy role, an
  # admin) change it later, unless told this is intended: it is, the policy
  # names key_policy_admin_role_arns for that (tests/region.tftest.hcl).
  bypass_policy_lockout_safety_check = true

  tags = merge(local.tags, { Name = local.name })
}

resource "aws_kms_alias" "this" {
  name          = "alias/${local.name}"
  target_key_id = aws_kms_key.this.key_id
}
