################################################################################
# PostgreSQL: encrypted with the region key, backed up, Multi-AZ switch, never
# public, reachable only from the service's tasks. The master password is
# generated and rotated by RDS in Secrets Manager, encrypted with the region key.
################################################################################

locals {
  db_name     = "charter"
  db_username = "charter"
  # The service's own login role (common/AppRoleSetup creates it): IAM
  # authentication, read and write on Charter's tables, owns nothing.
  db_app_role   = "charter_app"
  db_family     = "postgres${split(".", var.db_engine_version)[0]}"
  db_secret_arn = try(aws_db_instance.this.master_user_secret[0].secret_arn, null)
}

resource "aws_db_subnet_group" "this" {
  name        = local.name
  description = "Charter ${var.region} database: private subnets"
  subnet_ids  = aws_subnet.private[*].id

  tags = local.tags
}

resource "aws_db_parameter_group" "this" {
  name_prefix = "${local.name}-"
  family      = local.db_family
  description = "Charter ${var.region}: TLS only, connection logging"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_connections"
    value = "1"
  }

  lifecycle {
    create_before_destroy = true
  }

  tags = local.tags
}

resource "aws_security_group" "db" {
  name        = "${local.name}-db"
  description = "Charter database: PostgreSQL from the service tasks only"
  vpc_id      = aws_vpc.this.id

  tags = merge(local.tags, { Name = "${local.name}-db" })
}

resource "aws_vpc_security_group_ingress_rule" "db_from_tasks" {
  security_group_id            = aws_security_group.db.id
  description                  = "PostgreSQL from Charter tasks"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.tasks.id
}

resource "aws_db_instance" "this" {
  identifier     = local.name
  engine         = "postgres"
  engine_version = var.db_engine_version
  instance_class = var.db_instance_class

  db_name                     = local.db_name
  username                    = local.db_username
  manage_master_user_password = true
  # The service logs in as local.db_app_role with IAM tokens; the master
  # password (rotated by RDS) is for the migration step only.
  iam_database_authentication_enabled = true
  master_user_secret_kms_key_id       = aws_kms_key.this.arn

  allocated_storage     = var.db_allocated_storage
  max_allocated_storage = var.db_max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = aws_kms_key.this.arn

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.db.id]
  parameter_group_name   = aws_db_parameter_group.this.name
  publicly_accessible    = false
  multi_az               = var.db_multi_az
  port                   = 5432

  backup_retention_period   = var.db_backup_retention_days
  backup_window             = "02:00-03:00"
  maintenance_window        = "sun:03:30-sun:04:30"
  copy_tags_to_snapshot     = true
  delete_automated_backups  = false
  deletion_protection       = true
  skip_final_snapshot       = false
  final_snapshot_identifier = "${local.name}-final"

  auto_minor_version_upgrade      = true
  performance_insights_enabled    = true
  performance_insights_kms_key_id = aws_kms_key.this.arn

  tags = merge(local.tags, { Name = local.name })
}
