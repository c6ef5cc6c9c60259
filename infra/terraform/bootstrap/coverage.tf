################################################################################
# The deploy roles must be able to manage every resource type the region
# module declares. This table names, per type, the create/delete calls that
# prove its permissions are in policies.tf (updates, reads and tags aside).
# tests/bootstrap.tftest.hcl fails when modules/region declares a type missing
# here, or when a call listed here is not allowed to every deploy role: a new
# resource type fails offline, not in the middle of a deploy.
################################################################################

locals {
  region_module_dir = "${path.module}/../modules/region"
  region_module_resource_types = sort(distinct(flatten([
    for f in fileset(local.region_module_dir, "*.tf") : [
      for m in regexall("resource\\s+\"(aws_[a-z0-9_]+)\"", file("${local.region_module_dir}/${f}")) : m[0]
    ]
  ])))

  deploy_calls_by_resource_type = {
    aws_appautoscaling_policy                          = ["application-autoscaling:PutScalingPolicy", "application-autoscaling:DeleteScalingPolicy", "cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"]
    aws_appautoscaling_target                          = ["application-autoscaling:RegisterScalableTarget", "application-autoscaling:DeregisterScalableTarget", "iam:CreateServiceLinkedRole"]
    aws_cloudwatch_log_group                           = ["logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:AssociateKmsKey", "logs:DeleteLogGroup"]
    aws_db_instance                                    = ["rds:CreateDBInstance", "rds:ModifyDBInstance", "rds:DeleteDBInstance", "rds:CreateDBSnapshot", "secretsmanager:CreateSecret"]
    aws_db_parameter_group                             = ["rds:CreateDBParameterGroup", "rds:ModifyDBParameterGroup", "rds:DeleteDBParameterGroup"]
    aws_db_subnet_group                                = ["rds:CreateDBSubnetGroup", "rds:DeleteDBSubnetGroup"]
    aws_default_security_group                         = ["ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:CreateTags"]
    aws_ecr_lifecycle_policy                           = ["ecr:PutLifecyclePolicy", "ecr:DeleteLifecyclePolicy"]
    aws_ecr_repository                                 = ["ecr:CreateRepository", "ecr:DeleteRepository", "ecr:PutImage"]
    aws_ecs_cluster                                    = ["ecs:CreateCluster", "ecs:DeleteCluster"]
    aws_ecs_cluster_capacity_providers                 = ["ecs:PutClusterCapacityProviders"]
    aws_ecs_service                                    = ["ecs:CreateService", "ecs:UpdateService", "ecs:DeleteService", "ecs:DescribeServices"]
    aws_ecs_task_definition                            = ["ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition", "iam:PassRole"]
    aws_eip                                            = ["ec2:AllocateAddress", "ec2:ReleaseAddress"]
    aws_iam_role                                       = ["iam:CreateRole", "iam:DeleteRole"]
    aws_iam_role_policy                                = ["iam:PutRolePolicy", "iam:DeleteRolePolicy"]
    aws_internet_gateway                               = ["ec2:CreateInternetGateway", "ec2:AttachInternetGateway", "ec2:DeleteInternetGateway"]
    aws_kms_alias                                      = ["kms:CreateAlias", "kms:DeleteAlias"]
    aws_kms_key                                        = ["kms:CreateKey"] # the rest: the key policy (admin_role_arns)
    aws_lb                                             = ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:DeleteLoadBalancer"]
    aws_lb_listener                                    = ["elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener"]
    aws_lb_listener_rule                               = ["elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule"]
    aws_lb_target_group                                = ["elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:DeleteTargetGroup"]
    aws_nat_gateway                                    = ["ec2:CreateNatGateway", "ec2:DeleteNatGateway"]
    aws_route                                          = ["ec2:CreateRoute", "ec2:DeleteRoute"]
    aws_route_table                                    = ["ec2:CreateRouteTable", "ec2:DeleteRouteTable"]
    aws_route_table_association                        = ["ec2:AssociateRouteTable", "ec2:DisassociateRouteTable"]
    aws_s3_bucket                                      = ["s3:CreateBucket", "s3:DeleteBucket"]
    aws_s3_bucket_lifecycle_configuration              = ["s3:PutLifecycleConfiguration"]
    aws_s3_bucket_object_lock_configuration            = ["s3:PutBucketObjectLockConfiguration"]
    aws_s3_bucket_ownership_controls                   = ["s3:PutBucketOwnershipControls"]
    aws_s3_bucket_policy                               = ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy"]
    aws_s3_bucket_public_access_block                  = ["s3:PutBucketPublicAccessBlock"]
    aws_s3_bucket_server_side_encryption_configuration = ["s3:PutEncryptionConfiguration"]
    aws_s3_bucket_versioning                           = ["s3:PutBucketVersioning"]
    aws_secretsmanager_secret                          = ["secretsmanager:CreateSecret", "secretsmanager:DeleteSecret"]
    aws_secretsmanager_secret_version                  = ["secretsmanager:PutSecretValue", "secretsmanager:GetSecretValue"]
    aws_security_group                                 = ["ec2:CreateSecurityGroup", "ec2:DeleteSecurityGroup"]
    aws_subnet                                         = ["ec2:CreateSubnet", "ec2:DeleteSubnet"]
    aws_vpc                                            = ["ec2:CreateVpc", "ec2:ModifyVpcAttribute", "ec2:DeleteVpc"]
    aws_vpc_endpoint                                   = ["ec2:CreateVpcEndpoint", "ec2:DeleteVpcEndpoints", "route53:AssociateVPCWithHostedZone"]
    aws_vpc_security_group_egress_rule                 = ["ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupEgress"]
    aws_vpc_security_group_ingress_rule                = ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"]
  }

  # Per region, every action its deploy role is allowed (exact names as written in policies.tf).
  deploy_allowed_actions = { for r in local.regions : r => distinct(flatten([
    for concern, statements in local.deploy_policies[r] : [
      for s in statements : flatten([try(s.Action, [])]) if s.Effect == "Allow"
    ]
  ])) }

  resource_types_without_deploy_calls = setsubtract(local.region_module_resource_types, keys(local.deploy_calls_by_resource_type))
  deploy_calls_not_allowed            = { for r in local.regions : r => sort(setsubtract(distinct(flatten(values(local.deploy_calls_by_resource_type))), local.deploy_allowed_actions[r])) }
}
