output "alb_dns_name" {
  description = "Point the region's API host name here."
  value       = module.region.alb_dns_name
}

output "ecr_repository_url" {
  description = "Push the native image here."
  value       = module.region.ecr_repository_url
}

output "kms_key_arn" {
  description = "The region key."
  value       = module.region.kms_key_arn
}

output "ecs_cluster_name" {
  description = "The service's ECS cluster (the deploy pipeline waits for it to be stable)."
  value       = module.region.ecs_cluster_name
}

output "ecs_service_name" {
  description = "The service's ECS service."
  value       = module.region.ecs_service_name
}

output "migrate_task_definition_arn" {
  description = "The migration step (scripts/deploy/migrate.sh runs it before every rollout)."
  value       = module.region.migrate_task_definition_arn
}

output "task_security_group_id" {
  description = "Security group the migration step runs in."
  value       = module.region.task_security_group_id
}

output "private_subnet_ids" {
  description = "Subnets the migration step runs in."
  value       = module.region.private_subnet_ids
}

output "federation_peer_entry" {
  description = "This region as its peers list it in their federation_peers: { url, public_key, egress_cidr_blocks, ingress_cidr_blocks }."
  value       = module.region.federation_peer_entry
}

output "federation_unreachable_peers" {
  description = "Peers listed without ingress_cidr_blocks: this region's tasks have no egress to them and cannot call them. Empty when every peer can be called."
  value       = module.region.federation_unreachable_peers
}

output "federation_private_key_secret_arn" {
  description = "Secret to put this region's federation private key in (base64 PKCS#8 Ed25519) before any peer is listed."
  value       = module.region.federation_private_key_secret_arn
}
