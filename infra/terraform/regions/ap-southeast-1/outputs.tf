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
