# Charter region module: one self-contained deployment of the service in one AWS
# region, serving the countries the residency table assigns to that region, with
# every piece of user data (database, ledger, logs, images) encrypted under this
# region's own KMS key and kept inside the region.
#
# Files by concern: network.tf, alb.tf, ecs.tf, rds.tf, kms.tf, s3.tf, logs.tf,
# iam.tf, ecr.tf, federation.tf (peer regions); residency.tf reads the
# residency table and holds the guards that stop a plan which would put data
# where the law forbids it.

data "aws_region" "current" {}
data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

data "aws_availability_zones" "available" {
  state = "available"

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

locals {
  name       = "charter-${coalesce(var.name, var.region)}"
  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id
  azs        = slice(data.aws_availability_zones.available.names, 0, var.az_count)

  container_name  = "charter"
  container_port  = 8080
  management_port = 9000 # Quarkus management interface: /q/health, /q/metrics; the ALB's health checks only

  log_group_name = "/charter/${coalesce(var.name, var.region)}"
  log_group_arn  = "arn:${local.partition}:logs:${var.region}:${local.account_id}:log-group:${local.log_group_name}"

  tags = merge(var.tags, {
    "charter:region"    = var.region
    "charter:countries" = join(" ", local.countries)
  })
}
