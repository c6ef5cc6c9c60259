################################################################################
# ECS Fargate: the native image in private subnets, configured through the
# contract's configuration names (CONTRACT.md "Configuration") as environment
# variables, the database credentials injected from Secrets Manager.
################################################################################

locals {
  image = coalesce(var.image, "${aws_ecr_repository.this.repository_url}:${var.image_tag}")

  db_host = aws_db_instance.this.address

  # Module-owned settings win over var.environment: an operator cannot point
  # the service at another key, bucket or database by accident.
  container_environment = merge(var.environment, local.federation_environment, {
    CHARTER_REGION                    = var.region
    CHARTER_KEYS_PROVIDER             = "aws-kms"
    CHARTER_KEYS_AWS_KEY_ID           = aws_kms_key.this.arn
    CHARTER_LEDGER_S3_BUCKET          = aws_s3_bucket.ledger.id
    CHARTER_LEDGER_S3_PREFIX          = var.ledger_prefix
    CHARTER_LEDGER_S3_RETENTION_DAYS  = tostring(var.ledger_retention_days)
    CHARTER_ATTACHMENTS_S3_BUCKET     = aws_s3_bucket.attachments.id
    CHARTER_ATTACHMENTS_S3_KMS_KEY_ID = aws_kms_key.this.arn
    QUARKUS_HTTP_PORT                 = tostring(local.container_port)
    QUARKUS_MANAGEMENT_PORT           = tostring(local.management_port)
    QUARKUS_MANAGEMENT_HOST           = "0.0.0.0"
    MP_JWT_VERIFY_ISSUER              = var.jwt_issuer
    MP_JWT_VERIFY_PUBLICKEY_LOCATION  = var.jwt_publickey_location
    MP_JWT_VERIFY_AUDIENCES           = join(",", var.jwt_audiences)
    MP_JWT_VERIFY_TOKEN_AGE           = tostring(var.jwt_max_token_age_seconds)

    # TLS to the database, certificate and host name verified against the RDS CA.
    QUARKUS_DATASOURCE_REACTIVE_URL                             = "postgresql://${local.db_host}:5432/${local.db_name}"
    QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_SSL_MODE             = "verify-full"
    QUARKUS_DATASOURCE_REACTIVE_HOSTNAME_VERIFICATION_ALGORITHM = "HTTPS"
    QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM           = "true"
    QUARKUS_DATASOURCE_REACTIVE_TRUST_CERTIFICATE_PEM_CERTS     = var.db_ca_bundle_path
    QUARKUS_DATASOURCE_JDBC_URL                                 = "jdbc:postgresql://${local.db_host}:5432/${local.db_name}?sslmode=verify-full&sslrootcert=${var.db_ca_bundle_path}"

    # The connections a task opens, pinned here because the capacity check
    # below counts them (local.db_connections_per_task).
    QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE = tostring(var.db_pool_max_size)
    QUARKUS_DATASOURCE_JDBC_MAX_SIZE     = tostring(local.db_jdbc_pool_size)
    CHARTER_MESSAGING_WRITER_LANES       = tostring(var.writer_lanes)
  })

  # The service logs in as its own role with an IAM token per connection
  # (common/DatabaseCredentials): no password to read, none to rotate.
  service_environment = merge(local.container_environment, {
    QUARKUS_DATASOURCE_USERNAME  = local.db_app_role
    CHARTER_DATABASE_CREDENTIALS = "rds-iam"
  })

  # The migration step (common/AppRoleSetup) logs in as the master user,
  # migrates, creates and grants the service's role, and exits.
  migrate_environment = merge(local.container_environment, {
    CHARTER_DATABASE_APP_ROLE    = local.db_app_role
    CHARTER_DATABASE_CREDENTIALS = "config"
  })

  # The migration step starts the same application: it gets the same keys,
  # the federation key among them when peers are set (federation.tf).
  service_keys = concat([
    { name = "CHARTER_KEYS_RECEIPT_PRIVATE_KEY", valueFrom = aws_secretsmanager_secret.receipt_signing_key.arn },
    { name = "CHARTER_AUDIT_CHECKPOINT_KEY", valueFrom = aws_secretsmanager_secret.checkpoint_key.arn },
  ], local.federation_secrets)

  master_login = [
    { name = "QUARKUS_DATASOURCE_USERNAME", valueFrom = "${local.db_secret_arn}:username::" },
    { name = "QUARKUS_DATASOURCE_PASSWORD", valueFrom = "${local.db_secret_arn}:password::" },
  ]

  container_definition = {
    name                   = local.container_name
    image                  = local.image
    essential              = true
    readonlyRootFilesystem = true
    user                   = "1001"
    portMappings = [
      { containerPort = local.container_port, protocol = "tcp", name = "http" },
      { containerPort = local.management_port, protocol = "tcp", name = "management" },
    ]
    environment = [for k in sort(keys(local.service_environment)) : { name = k, value = local.service_environment[k] }]
    secrets     = local.service_keys
    mountPoints = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]
    linuxParameters = {
      initProcessEnabled = true
      capabilities       = { drop = ["ALL"] }
    }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "charter"
      }
    }
  }
  migrate_container_definition = merge(local.container_definition, {
    name         = "${local.container_name}-migrate"
    portMappings = []
    environment  = [for k in sort(keys(local.migrate_environment)) : { name = k, value = local.migrate_environment[k] }]
    secrets      = concat(local.master_login, local.service_keys)
  })

}

resource "aws_ecs_cluster" "this" {
  name = local.name

  # Container Insights publishes RunningTaskCount, used by the connection
  # scaling policy below.
  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = local.tags
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

resource "aws_security_group" "tasks" {
  name        = "${local.name}-tasks"
  description = "Charter tasks: HTTP from the load balancer; out to AWS endpoints, the IdP and the database"
  vpc_id      = aws_vpc.this.id

  tags = merge(local.tags, { Name = "${local.name}-tasks" })
}

resource "aws_vpc_security_group_ingress_rule" "tasks_from_alb" {
  security_group_id            = aws_security_group.tasks.id
  description                  = "HTTP and WebSocket from the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = local.container_port
  to_port                      = local.container_port
  referenced_security_group_id = aws_security_group.alb.id
}

# The management interface (health, metrics) is for the load balancer's
# health checks: no listener forwards to it.
resource "aws_vpc_security_group_ingress_rule" "tasks_management_from_alb" {
  security_group_id            = aws_security_group.tasks.id
  description                  = "Health checks from the load balancer (management interface)"
  ip_protocol                  = "tcp"
  from_port                    = local.management_port
  to_port                      = local.management_port
  referenced_security_group_id = aws_security_group.alb.id
}

# Egress, every rule of the task security group in one place: the VPC
# interface endpoints (KMS, ECR, logs, Secrets Manager), S3 through its gateway
# endpoint, the database, the identity provider's keys, and the federation
# peers' load balancers (federation.tf). Nothing reaches 0.0.0.0/0
# (tests/region.tftest.hcl and tests/federation.tftest.hcl check every rule).
# A peer block that is also an identity provider block is already open on 443:
# a second rule for it would be a duplicate, which EC2 refuses.
locals {
  tasks_egress = merge(
    {
      endpoints = { description = "HTTPS to the VPC interface endpoints", port = 443, security_group = aws_security_group.endpoints.id, prefix_list = null, cidr = null }
      s3        = { description = "HTTPS to S3 through the gateway endpoint (ledger, image layers)", port = 443, security_group = null, prefix_list = aws_vpc_endpoint.s3.prefix_list_id, cidr = null }
      db        = { description = "PostgreSQL", port = 5432, security_group = aws_security_group.db.id, prefix_list = null, cidr = null }
    },
    {
      for cidr in var.idp_egress_cidr_blocks : "idp ${cidr}" => {
        description = "HTTPS to the identity provider's keys (mp.jwt.verify.publickey.location)", port = 443, security_group = null, prefix_list = null, cidr = cidr
      }
    },
    {
      for cidr, regions in local.federation_destinations : "federation ${cidr}" => {
        description = "HTTPS to federation peer ${join(", ", regions)}", port = 443, security_group = null, prefix_list = null, cidr = cidr
      } if !contains(var.idp_egress_cidr_blocks, cidr)
    },
  )
}

resource "aws_vpc_security_group_egress_rule" "tasks" {
  for_each = local.tasks_egress

  security_group_id            = aws_security_group.tasks.id
  description                  = each.value.description
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  referenced_security_group_id = each.value.security_group
  prefix_list_id               = each.value.prefix_list
  cidr_ipv4                    = each.value.cidr
}

moved {
  from = aws_vpc_security_group_egress_rule.tasks_to_db
  to   = aws_vpc_security_group_egress_rule.tasks["db"]
}

resource "aws_ecs_task_definition" "this" {
  family                   = local.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.task_cpu
  memory                   = var.task_memory
  task_role_arn            = aws_iam_role.task.arn
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions    = jsonencode([local.container_definition])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64" # the native image is built with -march=haswell (AES-NI, CLMUL, AVX2)
  }

  volume {
    name = "tmp"
  }

  tags = local.tags
}

# The migration step, run once before every rollout (the deploy pipeline's
# `aws ecs run-task`): Flyway as the master user, then the service's role.
resource "aws_ecs_task_definition" "migrate" {
  family                   = "${local.name}-migrate"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.task_cpu
  memory                   = var.task_memory
  task_role_arn            = aws_iam_role.task.arn
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions    = jsonencode([local.migrate_container_definition])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  volume {
    name = "tmp"
  }

  tags = local.tags
}

resource "aws_ecs_service" "this" {
  name                               = "charter"
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.this.arn
  desired_count                      = var.desired_count
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  health_check_grace_period_seconds  = 60
  deployment_maximum_percent         = local.deployment_maximum_percent
  deployment_minimum_healthy_percent = 100
  enable_execute_command             = false
  propagate_tags                     = "SERVICE"

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.this.arn
    container_name   = local.container_name
    container_port   = local.container_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  lifecycle {
    ignore_changes = [desired_count] # owned by autoscaling
  }

  tags = local.tags

  # Tasks read both keys at start: they must hold a value before the first task.
  depends_on = [
    aws_lb_listener.https,
    aws_iam_role_policy.execution,
    aws_secretsmanager_secret_version.receipt_signing_key,
    aws_secretsmanager_secret_version.checkpoint_key,
  ]
}

################################################################################
# Autoscaling: CPU, HTTP request rate, and open WebSocket connections per task.
################################################################################

resource "aws_appautoscaling_target" "this" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.this.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.autoscaling.min_capacity
  max_capacity       = var.autoscaling.max_capacity

  tags = local.tags

  lifecycle {
    # Every task the autoscaler may start, doubled during a deployment, must
    # get its database connections, or the last ones fail at start-up.
    precondition {
      condition     = local.db_peak_connections + local.db_reserved_connections <= local.db_max_connections
      error_message = "Database capacity: ${local.db_peak_tasks} tasks at peak (max_capacity ${var.autoscaling.max_capacity} x ${local.deployment_maximum_percent}% during a deployment) x ${local.db_connections_per_task} connections per task (pool ${var.db_pool_max_size} + JDBC ${local.db_jdbc_pool_size} + writer lanes ${var.writer_lanes} + LISTEN ${local.db_listen_connections}) = ${local.db_peak_connections}, plus ${local.db_reserved_connections} reserved, exceeds max_connections ${local.db_max_connections} of ${var.db_instance_class}. Lower autoscaling.max_capacity or db_pool_max_size, or pick a larger db_instance_class."
    }
  }
}

resource "aws_appautoscaling_policy" "cpu" {
  name               = "${local.name}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  resource_id        = aws_appautoscaling_target.this.resource_id
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.autoscaling.cpu_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "requests" {
  name               = "${local.name}-requests"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  resource_id        = aws_appautoscaling_target.this.resource_id
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.autoscaling.requests_per_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${aws_lb.this.arn_suffix}/${aws_lb_target_group.this.arn_suffix}"
    }
  }
}

# WebSocket sessions are long-lived and mostly idle: request count says little
# about them, so scale on open connections per running task as well.
# ActiveConnectionCount counts client->ALB and ALB->target connections, hence /2.
resource "aws_appautoscaling_policy" "connections" {
  name               = "${local.name}-connections"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  resource_id        = aws_appautoscaling_target.this.resource_id
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.autoscaling.connections_per_task
    scale_in_cooldown  = 600
    scale_out_cooldown = 60

    customized_metric_specification {
      metrics {
        id          = "connections"
        return_data = false

        metric_stat {
          stat = "Sum"

          metric {
            namespace   = "AWS/ApplicationELB"
            metric_name = "ActiveConnectionCount"

            dimensions {
              name  = "LoadBalancer"
              value = aws_lb.this.arn_suffix
            }
          }
        }
      }

      metrics {
        id          = "tasks"
        return_data = false

        metric_stat {
          stat = "Average"

          metric {
            namespace   = "ECS/ContainerInsights"
            metric_name = "RunningTaskCount"

            dimensions {
              name  = "ClusterName"
              value = aws_ecs_cluster.this.name
            }

            dimensions {
              name  = "ServiceName"
              value = aws_ecs_service.this.name
            }
          }
        }
      }

      metrics {
        id          = "per_task"
        label       = "WebSocket connections per task"
        expression  = "(connections / 2) / IF(tasks > 0, tasks, 1)"
        return_data = true
      }
    }
  }
}
