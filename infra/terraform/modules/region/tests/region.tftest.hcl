# Invariants of the region module, planned offline against a mocked AWS
# provider: nothing here calls AWS. Run with `terraform test` in the module.

mock_provider "aws" {
  # Mocked computed values (ARNs, ids) are known at plan time, so the
  # assertions can read the policies and wiring that reference them.
  override_during = plan
  source          = "./tests/mocks"
}

override_resource {
  target          = aws_iam_role.task
  override_during = plan
  values = {
    arn = "arn:aws:iam::111122223333:role/charter-eu-central-1-task"
  }
}

override_resource {
  target          = aws_iam_role.execution
  override_during = plan
  values = {
    arn = "arn:aws:iam::111122223333:role/charter-eu-central-1-execution"
  }
}

override_resource {
  target          = aws_security_group.tasks
  override_during = plan
  values = {
    id = "sg-0tasks"
  }
}

override_resource {
  target          = aws_security_group.db
  override_during = plan
  values = {
    id = "sg-0db"
  }
}

override_resource {
  target          = aws_security_group.alb
  override_during = plan
  values = {
    id = "sg-0alb"
  }
}

override_resource {
  target          = aws_vpc_endpoint.s3
  override_during = plan
  values = {
    prefix_list_id = "pl-0s3"
  }
}

override_resource {
  target          = aws_security_group.endpoints
  override_during = plan
  values = {
    id = "sg-0endpoints"
  }
}

# Two secrets of one type: each gets its own ARN, so the assertions can tell them apart.
override_resource {
  target          = aws_secretsmanager_secret.receipt_signing_key
  override_during = plan
  values = {
    arn = "arn:aws:secretsmanager:eu-central-1:111122223333:secret:charter-eu-central-1/receipt-signing-key-AbCdEf"
    id  = "arn:aws:secretsmanager:eu-central-1:111122223333:secret:charter-eu-central-1/receipt-signing-key-AbCdEf"
  }
}

override_resource {
  target          = aws_secretsmanager_secret.checkpoint_key
  override_during = plan
  values = {
    arn = "arn:aws:secretsmanager:eu-central-1:111122223333:secret:charter-eu-central-1/audit-checkpoint-key-GhIjKl"
    id  = "arn:aws:secretsmanager:eu-central-1:111122223333:secret:charter-eu-central-1/audit-checkpoint-key-GhIjKl"
  }
}

variables {
  region                     = "eu-central-1"
  certificate_arn            = "arn:aws:acm:eu-central-1:111122223333:certificate/6f1f5bb0-0000-4000-8000-000000000001"
  admin_role_arns            = ["arn:aws:iam::111122223333:role/charter-deploy"]
  key_policy_admin_role_arns = ["arn:aws:iam::111122223333:role/charter-key-policy"]
  image_tag                  = "1.0.0"
  jwt_issuer                 = "https://id.example.com/"
  jwt_publickey_location     = "https://id.example.com/.well-known/jwks.json"
  jwt_audiences              = ["charter-api"]
  idp_egress_cidr_blocks     = ["198.51.100.0/24", "203.0.113.16/28"]
}

run "encryption_everywhere_under_the_region_key" {
  command = plan

  assert {
    condition     = aws_db_instance.this.storage_encrypted && aws_db_instance.this.kms_key_id == aws_kms_key.this.arn
    error_message = "RDS storage must be encrypted with the region key."
  }

  assert {
    condition     = aws_db_instance.this.performance_insights_kms_key_id == aws_kms_key.this.arn && aws_db_instance.this.master_user_secret_kms_key_id == aws_kms_key.this.arn
    error_message = "Performance Insights and the database secret must be encrypted with the region key."
  }

  assert {
    condition = alltrue([
      for r in aws_s3_bucket_server_side_encryption_configuration.ledger.rule : alltrue([
        for d in r.apply_server_side_encryption_by_default : d.sse_algorithm == "aws:kms" && d.kms_master_key_id == aws_kms_key.this.arn
      ])
    ]) && length(aws_s3_bucket_server_side_encryption_configuration.ledger.rule) == 1
    error_message = "The ledger bucket must use SSE-KMS with the region key."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.kms_key_id == aws_kms_key.this.arn
    error_message = "The log group must be encrypted with the region key."
  }

  assert {
    condition     = aws_ecr_repository.this.encryption_configuration[0].encryption_type == "KMS" && aws_ecr_repository.this.encryption_configuration[0].kms_key == aws_kms_key.this.arn
    error_message = "The image repository must be encrypted with the region key."
  }

  assert {
    condition     = aws_ecr_repository.this.image_tag_mutability == "IMMUTABLE" && aws_ecr_repository.this.image_scanning_configuration[0].scan_on_push
    error_message = "Image tags must be immutable and images scanned on push."
  }
}

run "region_key_rotates_and_its_policy_names_only_known_principals" {
  command = plan

  assert {
    condition     = aws_kms_key.this.enable_key_rotation && aws_kms_key.this.rotation_period_in_days == 365
    error_message = "The region key must rotate yearly."
  }

  assert {
    condition     = aws_kms_alias.this.name == "alias/charter-eu-central-1" && !aws_kms_key.this.multi_region
    error_message = "The key is a single-region key aliased alias/charter-<name>."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_kms_key.this.policy).Statement : alltrue([
        for p in flatten([try(s.Principal.AWS, [])]) : contains(concat(var.admin_role_arns, var.key_policy_admin_role_arns, [aws_iam_role.task.arn, aws_iam_role.execution.arn]), p)
      ])
    ])
    error_message = "The key policy may name only the admin roles, the key policy admins, the task role and the execution role."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_kms_key.this.policy).Statement :
      !contains(flatten([s.Action]), "kms:*") && !contains(flatten([try(s.Principal.AWS, [])]), "*")
    ])
    error_message = "No kms:* and no wildcard principal in the key policy."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_kms_key.this.policy).Statement : s.Sid != "KeyAdministration" || !contains(flatten([s.Action]), "kms:Decrypt")
    ])
    error_message = "Key administrators must not be able to decrypt directly."
  }

  assert {
    condition = one([
      for s in jsondecode(aws_kms_key.this.policy).Statement : s.Condition.StringEquals["kms:ViaService"]
      if try(s.Principal.AWS, "") == aws_iam_role.execution.arn
    ]) == "secretsmanager.eu-central-1.amazonaws.com"
    error_message = "The execution role may decrypt only through Secrets Manager."
  }
}

run "key_administrators_cannot_grant_or_rewrite_the_key_policy" {
  command = plan

  # An action in a statement grants `want` when equal to it or a wildcard
  # covering it (kms:Create*, kms:Put*, kms:*).
  assert {
    condition = !anytrue([
      for s in jsondecode(aws_kms_key.this.policy).Statement :
      anytrue([
        for a in flatten([s.Action]) : a == "kms:PutKeyPolicy" || (endswith(a, "*") && startswith("kms:PutKeyPolicy", trimsuffix(a, "*")))
      ])
      if length(setintersection(flatten([try(s.Principal.AWS, [])]), var.admin_role_arns)) > 0
    ])
    error_message = "No statement naming an admin role allows kms:PutKeyPolicy."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_kms_key.this.policy).Statement :
      try(s.Condition.Bool["kms:GrantIsForAWSResource"], "") == "true" && length(setsubtract(flatten([s.Condition.StringEquals["kms:ViaService"]]), ["rds.eu-central-1.amazonaws.com", "ecr.eu-central-1.amazonaws.com"])) == 0
      if length(setintersection(flatten([try(s.Principal.AWS, [])]), var.admin_role_arns)) > 0 && anytrue([
        for a in flatten([s.Action]) : a == "kms:CreateGrant" || (endswith(a, "*") && startswith("kms:CreateGrant", trimsuffix(a, "*")))
      ])
    ])
    error_message = "Admin roles may create grants only for an AWS resource through RDS or ECR."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_kms_key.this.policy).Statement : !anytrue([for a in flatten([s.Action]) : endswith(a, "*") && a != "kms:ReEncrypt*" && a != "kms:GenerateDataKey*" && !startswith(a, "kms:Encrypt") && !startswith(a, "kms:Decrypt") && !startswith(a, "kms:Describe")])
      if length(setintersection(flatten([try(s.Principal.AWS, [])]), var.admin_role_arns)) > 0
    ])
    error_message = "Admin statements name their management actions; no Create*, Put*, Update* wildcards."
  }

  assert {
    condition = one([
      for s in jsondecode(aws_kms_key.this.policy).Statement : toset(flatten([s.Principal.AWS]))
      if contains(flatten([s.Action]), "kms:PutKeyPolicy")
    ]) == toset(var.key_policy_admin_role_arns) && aws_kms_key.this.bypass_policy_lockout_safety_check
    error_message = "Only the key policy admins may change the policy (so the lockout check, which wants the deploy role to, is bypassed deliberately)."
  }
}

run "key_policy_admins_are_not_deploy_admins" {
  command = plan

  variables {
    key_policy_admin_role_arns = ["arn:aws:iam::111122223333:role/charter-deploy"]
  }

  expect_failures = [var.key_policy_admin_role_arns]
}

run "tasks_reach_only_aws_endpoints_the_identity_provider_and_the_database" {
  command = plan

  assert {
    condition = alltrue([
      for r in aws_vpc_security_group_egress_rule.tasks : try(contains(var.idp_egress_cidr_blocks, r.cidr_ipv4), r.cidr_ipv4 == null)
    ]) && alltrue([for r in aws_vpc_security_group_egress_rule.tasks : r.cidr_ipv6 == null])
    error_message = "No task egress rule reaches an address range other than the identity provider's."
  }

  assert {
    condition = {
      for k, r in aws_vpc_security_group_egress_rule.tasks : k => [r.from_port, coalesce(r.referenced_security_group_id, r.prefix_list_id, r.cidr_ipv4)]
      } == {
      endpoints             = [443, aws_security_group.endpoints.id]
      s3                    = [443, aws_vpc_endpoint.s3.prefix_list_id]
      db                    = [5432, aws_security_group.db.id]
      "idp 198.51.100.0/24" = [443, "198.51.100.0/24"]
      "idp 203.0.113.16/28" = [443, "203.0.113.16/28"]
    }
    error_message = "Tasks reach the interface endpoints, S3 through its gateway, the database and the identity provider, nothing else."
  }
}

run "egress_to_anywhere_is_refused" {
  command = plan

  variables {
    idp_egress_cidr_blocks = ["0.0.0.0/0"]
  }

  expect_failures = [var.idp_egress_cidr_blocks]
}

run "one_nat_gateway_by_default" {
  command = plan

  assert {
    condition     = length(aws_nat_gateway.this) == 1 && length(aws_route_table.private) == 1 && length(aws_route_table_association.private) == 2
    error_message = "One NAT gateway and one private route table shared by the zones by default."
  }
}

run "one_nat_gateway_per_zone_as_an_option" {
  command = plan

  # Known ids per zone, so the wiring between zones can be compared.
  override_resource {
    target          = aws_subnet.public[0]
    override_during = plan
    values          = { id = "subnet-public-a" }
  }
  override_resource {
    target          = aws_subnet.public[1]
    override_during = plan
    values          = { id = "subnet-public-b" }
  }
  override_resource {
    target          = aws_subnet.public[2]
    override_during = plan
    values          = { id = "subnet-public-c" }
  }
  override_resource {
    target          = aws_nat_gateway.this[0]
    override_during = plan
    values          = { id = "nat-a" }
  }
  override_resource {
    target          = aws_nat_gateway.this[1]
    override_during = plan
    values          = { id = "nat-b" }
  }
  override_resource {
    target          = aws_nat_gateway.this[2]
    override_during = plan
    values          = { id = "nat-c" }
  }
  override_resource {
    target          = aws_route_table.private[0]
    override_during = plan
    values          = { id = "rtb-private-a" }
  }
  override_resource {
    target          = aws_route_table.private[1]
    override_during = plan
    values          = { id = "rtb-private-b" }
  }
  override_resource {
    target          = aws_route_table.private[2]
    override_during = plan
    values          = { id = "rtb-private-c" }
  }

  variables {
    az_count           = 3
    nat_gateway_per_az = true
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 3 && length(aws_route_table.private) == 3 && aws_nat_gateway.this[*].subnet_id == ["subnet-public-a", "subnet-public-b", "subnet-public-c"]
    error_message = "Each zone gets its own NAT gateway in its own public subnet."
  }

  assert {
    condition = alltrue([
      for i, zone in ["a", "b", "c"] :
      aws_route.private_nat[i].route_table_id == "rtb-private-${zone}" && aws_route.private_nat[i].nat_gateway_id == "nat-${zone}" && aws_route_table_association.private[i].route_table_id == "rtb-private-${zone}"
    ]) && aws_vpc_endpoint.s3.route_table_ids == toset(["rtb-private-a", "rtb-private-b", "rtb-private-c"])
    error_message = "Each zone's private subnet leaves through its own zone's NAT gateway; S3 is reached from every route table."
  }
}

run "database_is_not_burstable_and_holds_every_task_at_peak" {
  command = plan

  assert {
    condition     = aws_db_instance.this.instance_class == "db.m6g.xlarge" && !startswith(aws_db_instance.this.instance_class, "db.t")
    error_message = "The default database class is not burstable."
  }

  assert {
    condition = alltrue([
      output.container_environment["QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE"] == "20",
      output.container_environment["QUARKUS_DATASOURCE_JDBC_MAX_SIZE"] == "2",
      output.container_environment["CHARTER_MESSAGING_WRITER_LANES"] == "2",
    ]) && aws_ecs_service.this.deployment_maximum_percent == 200
    error_message = "The task's pools and lanes are pinned to what the capacity check counts (20 + 2 + 2 + 3 LISTEN = 27)."
  }

  assert {
    condition     = local.db_connections_per_task == 27 && local.db_peak_connections == 1080 && local.db_max_connections == 1622
    error_message = "40 tasks at peak (20 doubled by a deployment) x 27 connections fit db.m6g.xlarge's 1622."
  }
}

run "burstable_database_classes_are_refused" {
  command = plan

  variables {
    db_instance_class = "db.t4g.medium"
  }

  expect_failures = [var.db_instance_class]
}

run "more_tasks_than_the_database_has_connections_for_do_not_plan" {
  command = plan

  variables {
    db_instance_class = "db.m6g.large" # 8 GiB: max_connections ~811 < 40 x 27 + 15
  }

  expect_failures = [aws_appautoscaling_target.this]
}

run "a_smaller_database_plans_with_fewer_tasks" {
  command = plan

  variables {
    db_instance_class = "db.m6g.large"
    autoscaling       = { max_capacity = 14 } # 28 x 27 + 15 = 771 <= 811
  }

  assert {
    condition     = aws_appautoscaling_target.this.max_capacity == 14
    error_message = "14 tasks fit a db.m6g.large."
  }
}

run "ledger_is_object_locked_in_compliance_mode" {
  command = plan

  assert {
    condition     = aws_s3_bucket.ledger.object_lock_enabled && !aws_s3_bucket.ledger.force_destroy
    error_message = "The ledger bucket must have Object Lock enabled."
  }

  assert {
    condition     = aws_s3_bucket_object_lock_configuration.ledger.rule[0].default_retention[0].mode == "COMPLIANCE" && aws_s3_bucket_object_lock_configuration.ledger.rule[0].default_retention[0].days == var.ledger_retention_days
    error_message = "Object Lock must default to COMPLIANCE mode with the configured retention."
  }

  assert {
    condition     = aws_s3_bucket_versioning.ledger.versioning_configuration[0].status == "Enabled"
    error_message = "The ledger bucket must be versioned."
  }

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.ledger.block_public_acls,
      aws_s3_bucket_public_access_block.ledger.block_public_policy,
      aws_s3_bucket_public_access_block.ledger.ignore_public_acls,
      aws_s3_bucket_public_access_block.ledger.restrict_public_buckets,
    ])
    error_message = "All public access to the ledger bucket must be blocked."
  }

  assert {
    condition     = contains([for s in jsondecode(aws_s3_bucket_policy.ledger.policy).Statement : s.Sid if s.Effect == "Deny"], "DenyInsecureTransport")
    error_message = "The ledger bucket must refuse plain HTTP."
  }
}

run "database_is_private_protected_and_backed_up" {
  command = plan

  assert {
    condition     = !aws_db_instance.this.publicly_accessible
    error_message = "The database must not be publicly accessible."
  }

  assert {
    condition     = aws_db_instance.this.deletion_protection && !aws_db_instance.this.skip_final_snapshot
    error_message = "The database must have deletion protection and a final snapshot."
  }

  assert {
    condition     = aws_db_instance.this.backup_retention_period >= 7 && aws_db_instance.this.multi_az
    error_message = "Backups must be kept at least 7 days; Multi-AZ is on by default."
  }

  assert {
    condition     = aws_db_instance.this.manage_master_user_password && aws_db_instance.this.password == null
    error_message = "The database password must be managed in Secrets Manager, never in Terraform state."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.db_from_tasks.referenced_security_group_id == aws_security_group.tasks.id && aws_vpc_security_group_ingress_rule.db_from_tasks.cidr_ipv4 == null
    error_message = "The database must accept connections only from the task security group."
  }

  assert {
    condition     = one([for p in aws_db_parameter_group.this.parameter : p.value if p.name == "rds.force_ssl"]) == "1"
    error_message = "The database must refuse connections without TLS."
  }
}

run "load_balancer_speaks_tls_1_2_plus_and_keeps_websockets_open" {
  command = plan

  assert {
    condition     = aws_lb_listener.https.protocol == "HTTPS" && aws_lb_listener.https.port == 443 && aws_lb_listener.https.ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    error_message = "The HTTPS listener must use the TLS 1.3/1.2 policy."
  }

  assert {
    condition     = aws_lb_listener.http_redirect.default_action[0].type == "redirect" && aws_lb_listener.http_redirect.default_action[0].redirect[0].protocol == "HTTPS"
    error_message = "Plain HTTP must only redirect to HTTPS."
  }

  assert {
    condition     = aws_lb.this.idle_timeout >= 3600 && aws_lb.this.drop_invalid_header_fields
    error_message = "The idle timeout must be long enough for WebSockets."
  }

  assert {
    condition     = aws_lb_target_group.this.health_check[0].path == "/q/health/ready"
    error_message = "Targets must be checked on /q/health/ready."
  }
}

run "health_checks_use_the_management_port_which_only_the_alb_reaches" {
  command = plan

  assert {
    condition     = aws_lb_target_group.this.health_check[0].port == "9000" && aws_lb_target_group.this.health_check[0].protocol == "HTTP" && aws_lb_target_group.this.health_check[0].path == "/q/health/ready"
    error_message = "The target group checks readiness on port 9000, /q/health/ready (the management interface)."
  }

  assert {
    condition     = aws_lb_target_group.this.port == 8080 && one(aws_ecs_service.this.load_balancer).container_port == 8080 && aws_lb_listener.https.default_action[0].target_group_arn == aws_lb_target_group.this.arn
    error_message = "Client traffic goes to port 8080; no listener forwards to the management port."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.tasks_management_from_alb.from_port == 9000 && aws_vpc_security_group_ingress_rule.tasks_management_from_alb.to_port == 9000 && aws_vpc_security_group_ingress_rule.tasks_management_from_alb.referenced_security_group_id == aws_security_group.alb.id && aws_vpc_security_group_ingress_rule.tasks_management_from_alb.cidr_ipv4 == null
    error_message = "The tasks accept port 9000 from the load balancer's security group only."
  }

  assert {
    condition     = aws_vpc_security_group_egress_rule.alb_to_tasks_management.from_port == 9000 && aws_vpc_security_group_egress_rule.alb_to_tasks_management.referenced_security_group_id == aws_security_group.tasks.id
    error_message = "The load balancer reaches the management port of the tasks only."
  }

  assert {
    condition = toset([
      for m in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].portMappings : m.containerPort
    ]) == toset([8080, 9000]) && output.container_environment["QUARKUS_MANAGEMENT_PORT"] == "9000"
    error_message = "The task exposes 8080 (traffic) and 9000 (management), and the service listens for management on 9000."
  }
}

run "access_logs_go_to_an_in_region_bucket_and_expire" {
  command = plan

  assert {
    condition     = aws_lb.this.access_logs[0].enabled && aws_lb.this.access_logs[0].bucket == aws_s3_bucket.alb_logs[0].id && aws_lb.this.access_logs[0].prefix == "alb"
    error_message = "The load balancer writes access logs to its bucket."
  }

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.alb_logs[0].block_public_acls,
      aws_s3_bucket_public_access_block.alb_logs[0].block_public_policy,
      aws_s3_bucket_public_access_block.alb_logs[0].ignore_public_acls,
      aws_s3_bucket_public_access_block.alb_logs[0].restrict_public_buckets,
    ]) && one(one(aws_s3_bucket_server_side_encryption_configuration.alb_logs[0].rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "The access log bucket is private and encrypted (SSE-S3, the only kind ALB delivers to)."
  }

  assert {
    condition     = one(aws_s3_bucket_lifecycle_configuration.alb_logs[0].rule).expiration[0].days == 30
    error_message = "Access logs (client addresses) expire after 30 days by default."
  }

  assert {
    condition = contains([for st in jsondecode(aws_s3_bucket_policy.alb_logs[0].policy).Statement : st.Sid if st.Effect == "Deny"], "DenyInsecureTransport") && alltrue([
      for st in jsondecode(aws_s3_bucket_policy.alb_logs[0].policy).Statement :
      st.Resource == "${aws_s3_bucket.alb_logs[0].arn}/alb/AWSLogs/111122223333/*" if st.Effect == "Allow"
    ])
    error_message = "Only log delivery may write, and only under alb/AWSLogs/<account>/; plain HTTP is refused."
  }
}

run "access_logs_can_be_switched_off" {
  command = plan

  variables {
    alb_access_logs = false
  }

  assert {
    condition     = !aws_lb.this.access_logs[0].enabled && length(aws_s3_bucket.alb_logs) == 0
    error_message = "Without access logs there is no log bucket."
  }
}

run "old_tls_policies_are_refused" {
  command = plan

  variables {
    ssl_policy = "ELBSecurityPolicy-2016-08"
  }

  expect_failures = [var.ssl_policy]
}

run "logs_are_retained_for_a_bounded_time" {
  command = plan

  assert {
    condition     = aws_cloudwatch_log_group.this.retention_in_days == 365
    error_message = "Logs are kept 365 days by default."
  }
}

run "log_retention_must_be_a_cloudwatch_value" {
  command = plan

  variables {
    log_retention_days = 0
  }

  expect_failures = [var.log_retention_days]
}

run "task_role_is_limited_to_its_own_key_and_ledger_prefix" {
  command = plan

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.task.policy).Statement :
      flatten([s.Resource]) == [aws_kms_key.this.arn]
      if anytrue([for a in flatten([s.Action]) : startswith(a, "kms:")])
    ])
    error_message = "KMS permissions of the task role must name only the region key."
  }

  assert {
    condition = toset(flatten([
      for s in jsondecode(aws_iam_role_policy.task.policy).Statement : s.Action
      if anytrue([for a in flatten([s.Action]) : startswith(a, "kms:")])
    ])) == toset(["kms:GenerateDataKey", "kms:Decrypt", "kms:ReEncrypt*", "kms:DescribeKey"])
    error_message = "The task role gets exactly GenerateDataKey, Decrypt, ReEncrypt* and DescribeKey."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.task.policy).Statement : alltrue([
        for r in flatten([s.Resource]) : r != "*" && (startswith(r, "arn:aws:kms:") || r == aws_s3_bucket.ledger.arn || startswith(r, "${aws_s3_bucket.ledger.arn}/ledger/") || r == "arn:aws:rds-db:eu-central-1:111122223333:dbuser:db-ABCDEFGHIJKLMNOPQRSTUVWXYZ/charter_app" || r == aws_s3_bucket.attachments.arn || r == "${aws_s3_bucket.attachments.arn}/*")
      ])
    ])
    error_message = "The task role may touch only its key, the ledger bucket, the ledger prefix, the attachments bucket and its own database user."
  }

  assert {
    condition = !anytrue(flatten([
      for s in jsondecode(aws_iam_role_policy.task.policy).Statement : [
        for a in flatten([s.Action]) :
        (a == "s3:DeleteObject" && flatten([s.Resource]) != ["${aws_s3_bucket.attachments.arn}/*"])
        || contains(["s3:DeleteObjectVersion", "s3:DeleteObjectVersion", "s3:BypassGovernanceRetention", "s3:PutObjectLegalHold", "s3:*", "kms:*"], a)
        || (a == "s3:PutObjectRetention" && try(s.Condition.StringEquals["s3:object-lock-mode"], "") != "COMPLIANCE")
      ]
    ]))
    error_message = "The task role must not delete ledger objects (only attachment objects) or weaken their retention: it may only set COMPLIANCE retention (which nobody can shorten)."
  }

  assert {
    condition     = alltrue([for s in jsondecode(aws_iam_role_policy.execution.policy).Statement : s.Resource == "*" ? s.Action == "ecr:GetAuthorizationToken" : true])
    error_message = "The execution role uses * only for ecr:GetAuthorizationToken."
  }
}

run "service_is_configured_with_the_contract_names" {
  command = plan

  assert {
    condition = alltrue([
      output.container_environment["CHARTER_REGION"] == "eu-central-1",
      output.container_environment["CHARTER_KEYS_PROVIDER"] == "aws-kms",
      output.container_environment["CHARTER_KEYS_AWS_KEY_ID"] == aws_kms_key.this.arn,
      output.container_environment["CHARTER_LEDGER_S3_BUCKET"] == aws_s3_bucket.ledger.id,
      output.container_environment["CHARTER_LEDGER_S3_RETENTION_DAYS"] == tostring(var.ledger_retention_days),
      output.container_environment["MP_JWT_VERIFY_ISSUER"] == var.jwt_issuer,
      output.container_environment["MP_JWT_VERIFY_PUBLICKEY_LOCATION"] == var.jwt_publickey_location,
      output.container_environment["MP_JWT_VERIFY_AUDIENCES"] == "charter-api",
      output.container_environment["MP_JWT_VERIFY_TOKEN_AGE"] == "3600",
      startswith(output.container_environment["QUARKUS_DATASOURCE_REACTIVE_URL"], "postgresql://charter-eu-central-1.abcdefghij"),
      startswith(output.container_environment["QUARKUS_DATASOURCE_JDBC_URL"], "jdbc:postgresql://"),
    ])
    error_message = "The container environment must follow CONTRACT.md's configuration names."
  }

  assert {
    condition     = !contains(keys(output.container_environment), "CHARTER_COUNTRIES") && contains(output.countries, "DE") && contains(output.countries, "GB") && !contains(output.countries, "SA")
    error_message = "The service derives its countries from the residency table for CHARTER_REGION; the module's list is the table's for eu-central-1."
  }

  assert {
    condition = toset([for s in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : s.name]) == toset(["CHARTER_KEYS_RECEIPT_PRIVATE_KEY", "CHARTER_AUDIT_CHECKPOINT_KEY"]) && alltrue([
      for s in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : startswith(s.valueFrom, "arn:aws:secretsmanager:")
    ])
    error_message = "The service's keys come from Secrets Manager; the service gets no database password (it logs in with IAM tokens)."
  }

  assert {
    condition     = !anytrue([for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : strcontains(lower(e.name), "password")])
    error_message = "No password in plain environment variables."
  }

  assert {
    condition     = !aws_ecs_service.this.network_configuration[0].assign_public_ip && aws_ecs_task_definition.this.task_role_arn == aws_iam_role.task.arn
    error_message = "Tasks run without public IPs, with the task role."
  }

  assert {
    condition     = length(aws_vpc_endpoint.interface) == 5 && aws_vpc_endpoint.s3.vpc_endpoint_type == "Gateway"
    error_message = "KMS, ECR (api, dkr), logs and Secrets Manager endpoints, plus the S3 gateway."
  }

  assert {
    condition     = aws_appautoscaling_policy.cpu.target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].predefined_metric_type == "ECSServiceAverageCPUUtilization" && length(aws_appautoscaling_policy.connections.target_tracking_scaling_policy_configuration[0].customized_metric_specification) == 1
    error_message = "The service scales on CPU and on connections."
  }
}

run "service_keys_are_generated_into_secrets_manager_under_the_region_key" {
  command = plan

  assert {
    condition = alltrue([
      for s in [aws_secretsmanager_secret.receipt_signing_key, aws_secretsmanager_secret.checkpoint_key] : s.kms_key_id == aws_kms_key.this.arn
    ])
    error_message = "Both key secrets are encrypted by the region key."
  }

  assert {
    condition = alltrue([
      for v in [aws_secretsmanager_secret_version.receipt_signing_key, aws_secretsmanager_secret_version.checkpoint_key] : v.secret_string == null && v.secret_string_wo_version == 1
    ])
    error_message = "Key values are written write-only (never in state), generation 1."
  }

  assert {
    condition = {
      for s in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : s.name => s.valueFrom
      if startswith(s.name, "CHARTER_")
      } == {
      CHARTER_KEYS_RECEIPT_PRIVATE_KEY = aws_secretsmanager_secret.receipt_signing_key.arn
      CHARTER_AUDIT_CHECKPOINT_KEY     = aws_secretsmanager_secret.checkpoint_key.arn
    }
    error_message = "The task gets the receipt and checkpoint keys as ECS secrets from these secrets."
  }

  assert {
    condition = !anytrue([
      for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : contains(["CHARTER_KEYS_RECEIPT_PRIVATE_KEY", "CHARTER_AUDIT_CHECKPOINT_KEY", "CHARTER_KEYS_RECEIPT_KEY_FILE"], e.name)
    ])
    error_message = "No key in the plain environment, and no key file (the root file system is read-only)."
  }

  assert {
    condition = [
      for st in jsondecode(aws_iam_role_policy.execution.policy).Statement : toset(st.Resource)
      if st.Sid == "ReadServiceKeys"
    ] == [toset([aws_secretsmanager_secret.receipt_signing_key.arn, aws_secretsmanager_secret.checkpoint_key.arn])]
    error_message = "The execution role reads exactly the two key secrets."
  }
}

run "audiences_are_required" {
  command = plan

  variables {
    jwt_audiences = []
  }

  expect_failures = [var.jwt_audiences]
}

run "region_is_pinned_to_the_provider" {
  command = plan

  override_data {
    target = data.aws_region.current
    values = {
      name = "us-east-1"
    }
  }

  expect_failures = [terraform_data.region_pin]
}

run "a_region_the_residency_table_gives_no_country_does_not_plan" {
  command = plan

  override_data {
    target = data.aws_region.current
    values = {
      name = "eu-west-1"
    }
  }

  variables {
    region = "eu-west-1"
  }

  expect_failures = [terraform_data.residency_guard]
}

run "saudi_arabia_is_served_from_me_central_1_alone" {
  command = plan

  override_data {
    target = data.aws_region.current
    values = {
      name = "me-central-1"
    }
  }

  variables {
    region          = "me-central-1"
    certificate_arn = "arn:aws:acm:me-central-1:111122223333:certificate/6f1f5bb0-0000-4000-8000-000000000002"
  }

  assert {
    condition     = join(",", output.countries) == "AE,SA" && terraform_data.residency_guard.input.region == "me-central-1"
    error_message = "The me-central-1 deployment serves Saudi Arabia and the United Arab Emirates, and nothing else."
  }

  assert {
    condition     = length(data.aws_elb_service_account.this) == 0 && length(jsondecode(aws_s3_bucket_policy.alb_logs[0].policy).Statement) == 2
    error_message = "me-central-1 receives access logs from the log delivery service principal alone (no regional ELB account there)."
  }
}

run "the_environment_cannot_override_whom_the_service_serves" {
  command = plan

  variables {
    environment = { CHARTER_COUNTRIES = "SA" }
  }

  expect_failures = [var.environment]
}

run "region_must_look_like_an_aws_region" {
  command = plan

  variables {
    region = "frankfurt"
  }

  expect_failures = [var.region]
}

run "service_logs_in_as_its_own_role_with_iam_tokens" {
  command = plan

  assert {
    condition     = aws_db_instance.this.iam_database_authentication_enabled
    error_message = "IAM database authentication must be on: the service logs in with a token per connection."
  }

  assert {
    condition = alltrue([
      output.container_environment["QUARKUS_DATASOURCE_USERNAME"] == "charter_app",
      output.container_environment["CHARTER_DATABASE_CREDENTIALS"] == "rds-iam",
      !contains(keys(output.container_environment), "CHARTER_DATABASE_APP_ROLE"),
    ])
    error_message = "The service logs in as charter_app with IAM tokens, never as the master user."
  }

  assert {
    condition = [
      for st in jsondecode(aws_iam_role_policy.task.policy).Statement : st.Resource
      if st.Action == "rds-db:connect"
    ] == ["arn:aws:rds-db:eu-central-1:111122223333:dbuser:db-ABCDEFGHIJKLMNOPQRSTUVWXYZ/charter_app"]
    error_message = "The task role may connect as charter_app to this instance only."
  }

  assert {
    condition = alltrue([
      contains([for e in jsondecode(aws_ecs_task_definition.migrate.container_definitions)[0].environment : "${e.name}=${e.value}"], "CHARTER_DATABASE_APP_ROLE=charter_app"),
      contains([for e in jsondecode(aws_ecs_task_definition.migrate.container_definitions)[0].environment : "${e.name}=${e.value}"], "CHARTER_DATABASE_CREDENTIALS=config"),
      {
        for s in jsondecode(aws_ecs_task_definition.migrate.container_definitions)[0].secrets : s.name => s.valueFrom
        if startswith(s.name, "QUARKUS_DATASOURCE_")
        } == {
        QUARKUS_DATASOURCE_USERNAME = "arn:aws:secretsmanager:eu-central-1:111122223333:secret:rds!db-0000-AbCdEf:username::"
        QUARKUS_DATASOURCE_PASSWORD = "arn:aws:secretsmanager:eu-central-1:111122223333:secret:rds!db-0000-AbCdEf:password::"
      },
      length(jsondecode(aws_ecs_task_definition.migrate.container_definitions)[0].portMappings) == 0,
    ])
    error_message = "The migration step logs in with the RDS-managed master secret and prepares charter_app; it serves nothing."
  }
}

run "attachments_bucket_is_private_and_kms_encrypted" {
  command = plan

  assert {
    condition = alltrue([
      for r in aws_s3_bucket_server_side_encryption_configuration.attachments.rule : alltrue([
        for d in r.apply_server_side_encryption_by_default : d.sse_algorithm == "aws:kms" && d.kms_master_key_id == aws_kms_key.this.arn
      ])
    ]) && length(aws_s3_bucket_server_side_encryption_configuration.attachments.rule) == 1
    error_message = "The attachments bucket must use SSE-KMS with the region key."
  }

  assert {
    condition = (aws_s3_bucket_public_access_block.attachments.block_public_acls
      && aws_s3_bucket_public_access_block.attachments.block_public_policy
      && aws_s3_bucket_public_access_block.attachments.ignore_public_acls
    && aws_s3_bucket_public_access_block.attachments.restrict_public_buckets)
    error_message = "The attachments bucket must block every form of public access."
  }

  assert {
    condition     = !aws_s3_bucket.attachments.force_destroy
    error_message = "The attachments bucket must not be destroyed with its objects."
  }
}

run "access_logs_are_kept_for_thirty_days_where_no_law_sets_a_minimum" {
  command = plan

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.alb_logs[0].rule[0].expiration[0].days == 30 && terraform_data.access_log_minimum.input.minimum_days == 0
    error_message = "eu-central-1 serves no country whose law sets a minimum for logs: 30 days."
  }
}

run "access_logs_are_kept_as_long_as_the_law_of_the_region_demands" {
  command = plan

  override_data {
    target = data.aws_region.current
    values = {
      name = "ap-southeast-1"
    }
  }

  variables {
    region          = "ap-southeast-1"
    certificate_arn = "arn:aws:acm:ap-southeast-1:111122223333:certificate/6f1f5bb0-0000-4000-8000-000000000003"
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.alb_logs[0].rule[0].expiration[0].days == 90 && terraform_data.access_log_minimum.input.minimum_days == 90
    error_message = "Thailand's Computer Crime Act s. 26 keeps traffic data 90 days: ap-southeast-1 keeps its access logs that long."
  }
}

run "access_logs_shorter_than_the_law_demands_are_refused" {
  command = plan

  override_data {
    target = data.aws_region.current
    values = {
      name = "ap-southeast-1"
    }
  }

  variables {
    region                        = "ap-southeast-1"
    certificate_arn               = "arn:aws:acm:ap-southeast-1:111122223333:certificate/6f1f5bb0-0000-4000-8000-000000000003"
    alb_access_log_retention_days = 30
  }

  expect_failures = [terraform_data.access_log_minimum]
}

run "access_logs_cannot_be_switched_off_where_the_law_demands_them" {
  command = plan

  override_data {
    target = data.aws_region.current
    values = {
      name = "ap-southeast-1"
    }
  }

  variables {
    region          = "ap-southeast-1"
    certificate_arn = "arn:aws:acm:ap-southeast-1:111122223333:certificate/6f1f5bb0-0000-4000-8000-000000000003"
    alb_access_logs = false
  }

  expect_failures = [terraform_data.access_log_minimum]
}
