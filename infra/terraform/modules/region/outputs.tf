output "region" {
  description = "AWS region of this deployment (`charter.region`)."
  value       = var.region
}

output "countries" {
  description = "Countries this deployment serves: those the residency table assigns to its region (the service derives the same list from the table for `charter.region`)."
  value       = local.countries
}

output "residency_regions" {
  description = "Every region the residency table assigns countries to; each needs a root under infra/terraform/regions."
  value       = module.residency.regions
}

output "vpc_id" {
  description = "ID of the VPC."
  value       = try(aws_vpc.this.id, null)
}

output "private_subnet_ids" {
  description = "IDs of the private subnets (tasks, database, endpoints)."
  value       = try(aws_subnet.private[*].id, [])
}

output "public_subnet_ids" {
  description = "IDs of the public subnets (load balancer, NAT gateway)."
  value       = try(aws_subnet.public[*].id, [])
}

output "alb_dns_name" {
  description = "DNS name of the load balancer; point the region's API host name at it."
  value       = try(aws_lb.this.dns_name, null)
}

output "alb_zone_id" {
  description = "Route 53 hosted zone ID of the load balancer, for alias records."
  value       = try(aws_lb.this.zone_id, null)
}

output "kms_key_arn" {
  description = "ARN of the region key (`charter.keys.aws.key-id`)."
  value       = try(aws_kms_key.this.arn, null)
}

output "kms_alias_name" {
  description = "Alias of the region key."
  value       = try(aws_kms_alias.this.name, null)
}

output "attachments_bucket" {
  description = "Name of the attachments bucket (`charter.attachments.s3-bucket`)."
  value       = try(aws_s3_bucket.attachments.id, null)
}

output "ledger_bucket" {
  description = "Name of the Object Lock ledger bucket (`charter.ledger.s3-bucket`)."
  value       = try(aws_s3_bucket.ledger.id, null)
}

output "db_address" {
  description = "Host name of the PostgreSQL instance."
  value       = try(aws_db_instance.this.address, null)
}

output "db_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the database credentials (managed and rotated by RDS)."
  value       = try(local.db_secret_arn, null)
}

output "ecr_repository_url" {
  description = "URL of this region's image repository; push the native image here."
  value       = try(aws_ecr_repository.this.repository_url, null)
}

output "ecs_cluster_name" {
  description = "Name of the ECS cluster."
  value       = try(aws_ecs_cluster.this.name, null)
}

output "ecs_service_name" {
  description = "Name of the ECS service."
  value       = try(aws_ecs_service.this.name, null)
}

output "log_group_name" {
  description = "Name of the service's CloudWatch log group."
  value       = try(aws_cloudwatch_log_group.this.name, null)
}

output "task_role_arn" {
  description = "ARN of the service's task role."
  value       = try(aws_iam_role.task.arn, null)
}

output "container_environment" {
  description = "Environment the service runs with (no secrets in it), for review."
  value       = try(local.service_environment, {})
}

output "migrate_task_definition_arn" {
  description = "Task definition of the migration step (Flyway as the master user, then the service's database role); run it with `aws ecs run-task` before every rollout."
  value       = try(aws_ecs_task_definition.migrate.arn, null)
}

output "task_security_group_id" {
  description = "Security group of the service's tasks, for `aws ecs run-task` of the migration step."
  value       = try(aws_security_group.tasks.id, null)
}

output "container_secret_names" {
  description = "Names of the ECS secrets the service gets from Secrets Manager (values never in the plan)."
  value       = [for s in local.service_keys : s.name]
}

output "federation_url" {
  description = "This region's base URL as peers reach it (`var.federation_url`), for their `federation_peers`."
  value       = var.federation_url
}

output "federation_public_key" {
  description = "Public half of this region's federation key (`var.federation_public_key`, base64 X.509 Ed25519), for the peers' `federation_peers`."
  value       = var.federation_public_key
}

output "federation_egress_ips" {
  description = "Public addresses of the NAT gateways, from which this region's requests to peers leave: each peer lists them (as /32) in its `federation_peers` entry for this region."
  value       = try(aws_eip.nat[*].public_ip, [])
}

output "federation_unreachable_peers" {
  description = "Peers in `federation_peers` without `ingress_cidr_blocks`: the tasks have no egress to them, so every call this region makes to them (user lookups, forwarded sends, replication, erasures) fails. Empty when every peer can be called."
  value       = local.federation_unreachable
}

output "federation_private_key_secret_arn" {
  description = "ARN of the secret `<name>/federation-private-key`; the operator puts this region's Ed25519 private key (base64 PKCS#8) there before any peer is listed."
  value       = try(aws_secretsmanager_secret.federation_private_key.arn, null)
}

output "federation_peer_entry" {
  description = "What a peer puts in its `federation_peers` under this region's code: `{ url, public_key, egress_cidr_blocks, ingress_cidr_blocks }`."
  value = {
    url                 = var.federation_url
    public_key          = var.federation_public_key
    egress_cidr_blocks  = [for ip in try(aws_eip.nat[*].public_ip, []) : "${ip}/32"]
    ingress_cidr_blocks = var.federation_ingress_cidr_blocks
  }
}
