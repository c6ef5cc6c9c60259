################################################################################
# Roles. The task role is what the running service may do (least privilege);
# the execution role is what ECS needs to start it (pull, log, read the secret).
################################################################################

locals {
  ecs_tasks_trust = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
        ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:ecs:${var.region}:${local.account_id}:*" }
      }
    }]
  })

  ledger_objects_arn = "${aws_s3_bucket.ledger.arn}/${var.ledger_prefix}*"

  task_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        # Envelope encryption under this region's key, and no other key.
        Sid      = "EnvelopeEncryptionWithRegionKey"
        Effect   = "Allow"
        Action   = local.kms_task_actions
        Resource = aws_kms_key.this.arn
      },
      {
        # Append to the ledger. Read is needed because the service re-applies
        # the shred ledger at start-up (a restored backup must not resurrect
        # erased users). No delete: Object Lock forbids it anyway, and the
        # role does not even ask.
        Sid      = "LedgerAppendAndReplay"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:GetObject"]
        Resource = local.ledger_objects_arn
      },
      {
        # Each PutObject names its own COMPLIANCE retention (x-amz-object-lock-*
        # headers), which S3 authorises as s3:PutObjectRetention. COMPLIANCE
        # only: such a retention can be extended, never shortened or lifted.
        Sid      = "LedgerLockOnWrite"
        Effect   = "Allow"
        Action   = "s3:PutObjectRetention"
        Resource = local.ledger_objects_arn
        Condition = {
          StringEquals = { "s3:object-lock-mode" = "COMPLIANCE" }
        }
      },
      {
        # Log in to this region's database as the service role, and no other
        # user (IAM database authentication: a token per connection).
        Sid      = "DatabaseLoginAsServiceRole"
        Effect   = "Allow"
        Action   = "rds-db:connect"
        Resource = "arn:${local.partition}:rds-db:${var.region}:${local.account_id}:dbuser:${aws_db_instance.this.resource_id}/${local.db_app_role}"
      },
      {
        # Sealed attachment files: written on upload, read on download,
        # deleted with their uploader's erasure.
        Sid      = "AttachmentObjects"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"]
        Resource = "${aws_s3_bucket.attachments.arn}/*"
      },
      {
        Sid      = "AttachmentList"
        Effect   = "Allow"
        Action   = "s3:ListBucket"
        Resource = aws_s3_bucket.attachments.arn
      },
      {
        Sid      = "LedgerListPrefix"
        Effect   = "Allow"
        Action   = "s3:ListBucket"
        Resource = aws_s3_bucket.ledger.arn
        Condition = {
          StringLike = { "s3:prefix" = ["${var.ledger_prefix}*"] }
        }
      },
    ]
  }

  execution_policy = {
    Version = "2012-10-17"
    Statement = concat([
      {
        Sid      = "EcrAuth"
        Effect   = "Allow"
        Action   = "ecr:GetAuthorizationToken"
        Resource = "*" # the action has no resource-level permission
      },
      {
        Sid      = "PullServiceImage"
        Effect   = "Allow"
        Action   = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"]
        Resource = aws_ecr_repository.this.arn
      },
      {
        Sid      = "WriteServiceLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.this.arn}:*"
      },
      {
        Sid      = "ReadDatabaseSecret"
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = local.db_secret_arn
      },
      {
        Sid    = "ReadServiceKeys"
        Effect = "Allow"
        Action = "secretsmanager:GetSecretValue"
        Resource = [
          aws_secretsmanager_secret.receipt_signing_key.arn,
          aws_secretsmanager_secret.checkpoint_key.arn,
        ]
      },
      ], local.federation_enabled ? [
      {
        # Only while the task gets it: no peers, no read.
        Sid      = "ReadFederationKey"
        Effect   = "Allow"
        Action   = "secretsmanager:GetSecretValue"
        Resource = aws_secretsmanager_secret.federation_private_key.arn
      },
    ] : [])
  }
}

resource "aws_iam_role" "task" {
  name                 = "${local.name}-task"
  description          = "Charter service in ${var.region}: envelope encryption with the region key, ledger append"
  assume_role_policy   = local.ecs_tasks_trust
  max_session_duration = 3600

  tags = local.tags
}

resource "aws_iam_role_policy" "task" {
  name   = "charter-service"
  role   = aws_iam_role.task.id
  policy = jsonencode(local.task_policy)
}

resource "aws_iam_role" "execution" {
  name               = "${local.name}-execution"
  description        = "ECS task execution for Charter in ${var.region}: image pull, logs, database secret"
  assume_role_policy = local.ecs_tasks_trust

  tags = local.tags
}

resource "aws_iam_role_policy" "execution" {
  name   = "charter-task-start"
  role   = aws_iam_role.execution.id
  policy = jsonencode(local.execution_policy)
}
