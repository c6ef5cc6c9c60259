################################################################################
# Database capacity: every task the autoscaler may start must get its
# PostgreSQL connections. Checked at plan (aws_appautoscaling_target.this).
################################################################################

locals {
  # PostgreSQL connections of one task: the reactive pool, the JDBC pool
  # (Flyway at start-up), one per writer lane (messaging/write/LaneConnection)
  # and three LISTEN connections (live delivery, peer caches, key events:
  # common/DatabaseConnections.subscriber()). ecs.tf pins the pool sizes and
  # lanes in the task's environment, so this count is the task's.
  db_jdbc_pool_size       = 2
  db_listen_connections   = 3
  db_connections_per_task = var.db_pool_max_size + local.db_jdbc_pool_size + var.writer_lanes + local.db_listen_connections

  # A rolling deployment starts the new tasks before it stops the old ones: at
  # max_capacity, deployment_maximum_percent of it run at once.
  deployment_maximum_percent = 200
  db_peak_tasks              = ceil(var.autoscaling.max_capacity * local.deployment_maximum_percent / 100)
  db_peak_connections        = local.db_peak_tasks * local.db_connections_per_task

  # RDS for PostgreSQL's default max_connections is
  # LEAST(DBInstanceClassMemory / 9531392, 5000), DBInstanceClassMemory being
  # the class's memory less what RDS keeps for itself (taken as 10%). Classes
  # are db.m* (4 GiB per vCPU) or db.r* (8 GiB per vCPU); variables.tf refuses
  # the others, burstable db.t* among them.
  db_class_parts     = regex("^db\\.([mr])[0-9]+[a-z]*\\.([0-9]*)x?large$", var.db_instance_class)
  db_vcpus           = local.db_class_parts[1] == "" ? (endswith(var.db_instance_class, "xlarge") ? 4 : 2) : 4 * tonumber(local.db_class_parts[1])
  db_memory_gib      = local.db_vcpus * (local.db_class_parts[0] == "m" ? 4 : 8)
  db_max_connections = min(floor(local.db_memory_gib * 1073741824 * 0.9 / 9531392), 5000)

  # superuser_reserved_connections (3), rds.rds_superuser_reserved_connections
  # (2), and room for an operator's psql, a migration or monitoring.
  db_reserved_connections = 15
}
