################################################################################
# What the roles may do. Least privilege, within what IAM can express for the
# services the region module uses; see infra/README.md "Deploy pipeline" for
# what is scoped and what is not. In short, for the role of region <r>:
#
#  - Every regional action is allowed only with aws:RequestedRegion = <r>, and
#    an explicit Deny refuses any other region outright (IAM, STS and the one
#    Route 53 call private DNS of VPC endpoints needs are global).
#  - Named resources are scoped to the names the module gives them
#    (charter-<r>...): IAM roles, ECR repository, log group, secrets, ledger
#    bucket, RDS instance/subnet group/parameter groups, load balancer and
#    target group, ECS cluster/service/task definitions, KMS alias, and the
#    state bucket's own objects.
#  - Not scoped below the region, because the actions have no resource-level
#    permissions or create resources whose ids are not known in advance: EC2
#    networking (VPC, subnets, routes, NAT, security groups, endpoints), KMS
#    CreateKey (the key policy the module writes then limits the key), ECS
#    task definition registration, Application Auto Scaling, Describe/List.
#  - No action is "*" or "<service>:*"; IAM is limited to charter-<r>-* roles,
#    iam:PassRole to those roles and to ECS tasks only.
################################################################################

locals {
  arn = { for r in local.regions : r => {
    prefix   = "arn:${local.partition}"
    regional = "${r}:${local.account_id}"
    name     = "charter-${r}"
  } }

  in_region = { for r in local.regions : r => { StringEquals = { "aws:RequestedRegion" = r } } }

  state_statements = { for r in local.regions : r => [
    {
      # Listing is not limited by prefix: the S3 backend lists workspaces
      # (env:/) on init. The bucket holds this region's state only (and, in
      # the home region, the bootstrap's, which it cannot read).
      Sid       = "StateBucketList"
      Effect    = "Allow"
      Action    = ["s3:ListBucket", "s3:GetBucketVersioning"]
      Resource  = "arn:${local.partition}:s3:::${local.state_buckets[r]}"
      Condition = local.in_region[r]
    },
    {
      Sid      = "StateKeyThroughS3ForThisBucket"
      Effect   = "Allow"
      Action   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
      Resource = "arn:${local.partition}:kms:${r}:${local.account_id}:key/*"
      Condition = {
        StringEquals = {
          "aws:RequestedRegion"              = r
          "kms:ViaService"                   = "s3.${r}.amazonaws.com"
          "kms:EncryptionContext:aws:s3:arn" = "arn:${local.partition}:s3:::${local.state_buckets[r]}"
        }
      }
    },
  ] }

  # Explicit deny of every other region (IAM and STS are global services).
  other_regions_deny = { for r in local.regions : r => {
    Sid       = "DenyOtherRegions"
    Effect    = "Deny"
    NotAction = ["iam:*", "sts:*", "route53:AssociateVPCWithHostedZone"]
    Resource  = "*"
    Condition = { StringNotEquals = { "aws:RequestedRegion" = r } }
  } }

  # The region's federation private key is put by an operator and read only
  # by the service's execution role: Terraform never reads it (the module
  # writes no version of it), so neither pipeline role may.
  federation_key_unreadable = { for r in local.regions : r => {
    Sid      = "FederationPrivateKeyNeverRead"
    Effect   = "Deny"
    Action   = ["secretsmanager:GetSecretValue"]
    Resource = "${local.arn[r].prefix}:secretsmanager:${local.arn[r].regional}:secret:${local.arn[r].name}/federation-private-key-*"
  } }

  # Peers' public keys, when a root reads them from SSM Parameter Store
  # (infra/README.md, Federation peers): plain String parameters of this region.
  federation_peer_parameters = { for r in local.regions : r => {
    Sid       = "FederationPeerParameters"
    Effect    = "Allow"
    Action    = ["ssm:GetParameter", "ssm:GetParameters"]
    Resource  = "${local.arn[r].prefix}:ssm:${local.arn[r].regional}:parameter/charter/federation/*"
    Condition = local.in_region[r]
  } }

  deploy_policies = { for r in local.regions : r => {

    # State, saved plans, and the deny of other regions.
    state = concat(local.state_statements[r], [
      {
        Sid    = "StateAndLockAndSavedPlans"
        Effect = "Allow"
        Action = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
        Resource = [
          "arn:${local.partition}:s3:::${local.state_buckets[r]}/charter/${r}.tfstate",
          "arn:${local.partition}:s3:::${local.state_buckets[r]}/charter/${r}.tfstate.tflock",
          "arn:${local.partition}:s3:::${local.state_buckets[r]}/plans/${r}/*",
        ]
        Condition = local.in_region[r]
      },
      local.other_regions_deny[r],
    ])

    # VPC, subnets, gateways, routes, security groups, endpoints, load balancer.
    network = [
      {
        Sid    = "Ec2NetworkingInRegion"
        Effect = "Allow"
        Action = [
          "ec2:Describe*",
          "ec2:CreateVpc", "ec2:DeleteVpc", "ec2:ModifyVpcAttribute",
          "ec2:CreateSubnet", "ec2:DeleteSubnet", "ec2:ModifySubnetAttribute",
          "ec2:CreateInternetGateway", "ec2:DeleteInternetGateway", "ec2:AttachInternetGateway", "ec2:DetachInternetGateway",
          "ec2:AllocateAddress", "ec2:ReleaseAddress", "ec2:DisassociateAddress",
          "ec2:CreateNatGateway", "ec2:DeleteNatGateway",
          "ec2:CreateRouteTable", "ec2:DeleteRouteTable", "ec2:AssociateRouteTable", "ec2:DisassociateRouteTable",
          "ec2:CreateRoute", "ec2:DeleteRoute", "ec2:ReplaceRoute",
          "ec2:CreateSecurityGroup", "ec2:DeleteSecurityGroup",
          "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress",
          "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress",
          "ec2:ModifySecurityGroupRules", "ec2:UpdateSecurityGroupRuleDescriptionsIngress", "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
          "ec2:CreateVpcEndpoint", "ec2:DeleteVpcEndpoints", "ec2:ModifyVpcEndpoint",
          "ec2:CreateTags", "ec2:DeleteTags",
        ]
        Resource  = "*"
        Condition = local.in_region[r]
      },
      {
        # Interface endpoints with private DNS associate the VPC with a
        # hosted zone AWS owns. Route 53 is global (its requests name
        # us-east-1), so this one action carries no region condition.
        Sid      = "PrivateDnsOfInterfaceEndpoints"
        Effect   = "Allow"
        Action   = ["route53:AssociateVPCWithHostedZone"]
        Resource = "*"
      },
      {
        Sid       = "LoadBalancerRead"
        Effect    = "Allow"
        Action    = ["elasticloadbalancing:Describe*"]
        Resource  = "*"
        Condition = local.in_region[r]
      },
      {
        Sid    = "ThisRegionsLoadBalancer"
        Effect = "Allow"
        Action = [
          "elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:DeleteLoadBalancer",
          "elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets",
          "elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:DeleteTargetGroup",
          "elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes",
          "elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:ModifyListener",
          "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule", "elasticloadbalancing:ModifyRule", "elasticloadbalancing:SetRulePriorities",
          "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags",
        ]
        Resource = [
          "${local.arn[r].prefix}:elasticloadbalancing:${local.arn[r].regional}:loadbalancer/app/${local.arn[r].name}/*",
          "${local.arn[r].prefix}:elasticloadbalancing:${local.arn[r].regional}:targetgroup/${local.arn[r].name}/*",
          "${local.arn[r].prefix}:elasticloadbalancing:${local.arn[r].regional}:listener/app/${local.arn[r].name}/*",
          "${local.arn[r].prefix}:elasticloadbalancing:${local.arn[r].regional}:listener-rule/app/${local.arn[r].name}/*",
        ]
        Condition = local.in_region[r]
      },
    ]

    # ECS, autoscaling, image repository, logs, the service's IAM roles.
    service = [
      {
        Sid    = "ThisRegionsEcsClusterAndService"
        Effect = "Allow"
        Action = [
          "ecs:CreateCluster", "ecs:DeleteCluster", "ecs:UpdateCluster", "ecs:UpdateClusterSettings",
          "ecs:PutClusterCapacityProviders", "ecs:DescribeClusters",
          "ecs:CreateService", "ecs:UpdateService", "ecs:DeleteService", "ecs:DescribeServices",
          "ecs:ListTasks", "ecs:DescribeTasks",
          "ecs:TagResource", "ecs:UntagResource", "ecs:ListTagsForResource",
        ]
        Resource = [
          "${local.arn[r].prefix}:ecs:${local.arn[r].regional}:cluster/${local.arn[r].name}",
          "${local.arn[r].prefix}:ecs:${local.arn[r].regional}:service/${local.arn[r].name}/*",
          "${local.arn[r].prefix}:ecs:${local.arn[r].regional}:task/${local.arn[r].name}/*",
          "${local.arn[r].prefix}:ecs:${local.arn[r].regional}:task-definition/${local.arn[r].name}:*",
        ]
        Condition = local.in_region[r]
      },
      {
        # The migration step (scripts/deploy/migrate.sh): this region's migrate
        # task definition, in this region's cluster only.
        Sid      = "RunThisRegionsMigrationStep"
        Effect   = "Allow"
        Action   = "ecs:RunTask"
        Resource = "${local.arn[r].prefix}:ecs:${local.arn[r].regional}:task-definition/${local.arn[r].name}-migrate:*"
        Condition = merge(local.in_region[r], {
          ArnEquals = { "ecs:cluster" = "${local.arn[r].prefix}:ecs:${local.arn[r].regional}:cluster/${local.arn[r].name}" }
        })
      },
      {
        Sid       = "EcsTaskDefinitionsHaveNoResourceLevelPermissions"
        Effect    = "Allow"
        Action    = ["ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition", "ecs:DescribeTaskDefinition"]
        Resource  = "*"
        Condition = local.in_region[r]
      },
      {
        Sid    = "Autoscaling"
        Effect = "Allow"
        Action = [
          "application-autoscaling:RegisterScalableTarget", "application-autoscaling:DeregisterScalableTarget",
          "application-autoscaling:DescribeScalableTargets", "application-autoscaling:PutScalingPolicy",
          "application-autoscaling:DeleteScalingPolicy", "application-autoscaling:DescribeScalingPolicies",
          "application-autoscaling:TagResource", "application-autoscaling:UntagResource", "application-autoscaling:ListTagsForResource",
        ]
        Resource  = "*"
        Condition = local.in_region[r]
      },
      {
        Sid       = "TargetTrackingAlarms"
        Effect    = "Allow"
        Action    = ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms"]
        Resource  = "${local.arn[r].prefix}:cloudwatch:${local.arn[r].regional}:alarm:TargetTracking-service/${local.arn[r].name}/*"
        Condition = local.in_region[r]
      },
      {
        Sid    = "ThisRegionsImageRepository"
        Effect = "Allow"
        Action = [
          "ecr:CreateRepository", "ecr:DeleteRepository", "ecr:DescribeRepositories",
          "ecr:PutLifecyclePolicy", "ecr:GetLifecyclePolicy", "ecr:DeleteLifecyclePolicy",
          "ecr:PutImageScanningConfiguration", "ecr:PutImageTagMutability", "ecr:GetRepositoryPolicy",
          "ecr:TagResource", "ecr:UntagResource", "ecr:ListTagsForResource",
          "ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
          "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage", "ecr:DescribeImages",
        ]
        Resource  = "${local.arn[r].prefix}:ecr:${local.arn[r].regional}:repository/charter"
        Condition = local.in_region[r]
      },
      {
        Sid       = "EcrLogin"
        Effect    = "Allow"
        Action    = ["ecr:GetAuthorizationToken"]
        Resource  = "*"
        Condition = local.in_region[r]
      },
      {
        Sid    = "ThisRegionsLogGroup"
        Effect = "Allow"
        Action = [
          "logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy",
          "logs:AssociateKmsKey", "logs:DisassociateKmsKey",
          "logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource", "logs:TagLogGroup", "logs:ListTagsLogGroup",
        ]
        Resource = [
          "${local.arn[r].prefix}:logs:${local.arn[r].regional}:log-group:/charter/${r}",
          "${local.arn[r].prefix}:logs:${local.arn[r].regional}:log-group:/charter/${r}:*",
        ]
        Condition = local.in_region[r]
      },
      {
        Sid       = "LogGroupsRead"
        Effect    = "Allow"
        Action    = ["logs:DescribeLogGroups"]
        Resource  = "*"
        Condition = local.in_region[r]
      },
      {
        Sid    = "ThisRegionsServiceRoles"
        Effect = "Allow"
        Action = [
          "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:UpdateRole", "iam:UpdateRoleDescription",
          "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole",
          "iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy",
          "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole",
        ]
        Resource = "${local.arn[r].prefix}:iam::${local.account_id}:role/${local.arn[r].name}-*"
      },
      {
        Sid       = "PassServiceRolesToEcsTasksOnly"
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = "${local.arn[r].prefix}:iam::${local.account_id}:role/${local.arn[r].name}-*"
        Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
      },
      {
        Sid      = "ServiceLinkedRolesOfTheServicesUsed"
        Effect   = "Allow"
        Action   = "iam:CreateServiceLinkedRole"
        Resource = "${local.arn[r].prefix}:iam::${local.account_id}:role/aws-service-role/*"
        Condition = { StringEquals = { "iam:AWSServiceName" = [
          "ecs.amazonaws.com", "elasticloadbalancing.amazonaws.com", "rds.amazonaws.com", "ecs.application-autoscaling.amazonaws.com",
        ] } }
      },
    ]

    # Region key, database, ledger bucket, the service's secrets.
    data = [
      {
        # CreateKey has no resource to scope by; the key must be created with
        # this region's tag (the module tags everything with charter:region),
        # and from then on its own key policy (modules/region/kms.tf) says who
        # may manage and use it: this role must be in admin_role_arns.
        Sid      = "CreateRegionKeyTagged"
        Effect   = "Allow"
        Action   = ["kms:CreateKey", "kms:TagResource"]
        Resource = "*"
        Condition = {
          StringEquals = {
            "aws:RequestedRegion"           = r
            "aws:RequestTag/charter:region" = r
          }
        }
      },
      {
        Sid    = "ThisRegionsKeyAlias"
        Effect = "Allow"
        Action = ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"]
        # The key side of an alias change is authorised by the key policy.
        Resource  = "${local.arn[r].prefix}:kms:${local.arn[r].regional}:alias/${local.arn[r].name}"
        Condition = local.in_region[r]
      },
      {
        Sid       = "KeysRead"
        Effect    = "Allow"
        Action    = ["kms:ListAliases", "kms:ListKeys"]
        Resource  = "*"
        Condition = local.in_region[r]
      },
      {
        Sid    = "ThisRegionsDatabase"
        Effect = "Allow"
        Action = [
          "rds:CreateDBInstance", "rds:DeleteDBInstance", "rds:ModifyDBInstance", "rds:DescribeDBInstances",
          "rds:CreateDBSubnetGroup", "rds:DeleteDBSubnetGroup", "rds:ModifyDBSubnetGroup", "rds:DescribeDBSubnetGroups",
          "rds:CreateDBParameterGroup", "rds:DeleteDBParameterGroup", "rds:ModifyDBParameterGroup",
          "rds:DescribeDBParameterGroups", "rds:DescribeDBParameters",
          "rds:CreateDBSnapshot", "rds:AddTagsToResource", "rds:RemoveTagsFromResource", "rds:ListTagsForResource",
        ]
        Resource = [
          "${local.arn[r].prefix}:rds:${local.arn[r].regional}:db:${local.arn[r].name}",
          "${local.arn[r].prefix}:rds:${local.arn[r].regional}:subgrp:${local.arn[r].name}",
          "${local.arn[r].prefix}:rds:${local.arn[r].regional}:pg:${local.arn[r].name}-*",
          "${local.arn[r].prefix}:rds:${local.arn[r].regional}:snapshot:${local.arn[r].name}-final",
          # CreateDBInstance/ModifyDBInstance are also authorised on the engine's default option group.
          "${local.arn[r].prefix}:rds:${local.arn[r].regional}:og:default:*",
        ]
        Condition = local.in_region[r]
      },
      {
        Sid       = "DatabaseEngineVersionsRead"
        Effect    = "Allow"
        Action    = ["rds:DescribeDBEngineVersions", "rds:DescribeOrderableDBInstanceOptions"]
        Resource  = "*"
        Condition = local.in_region[r]
      },
      {
        # RDS creates and rotates the master password secret (rds!db-...) as the caller.
        Sid       = "RdsManagedMasterSecret"
        Effect    = "Allow"
        Action    = ["secretsmanager:CreateSecret", "secretsmanager:RotateSecret", "secretsmanager:TagResource", "secretsmanager:DescribeSecret"]
        Resource  = "${local.arn[r].prefix}:secretsmanager:${local.arn[r].regional}:secret:rds!db-*"
        Condition = local.in_region[r]
      },
      {
        Sid    = "ThisRegionsServiceKeySecrets"
        Effect = "Allow"
        Action = [
          "secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret", "secretsmanager:UpdateSecret",
          "secretsmanager:PutSecretValue", "secretsmanager:GetSecretValue", "secretsmanager:GetResourcePolicy",
          "secretsmanager:TagResource", "secretsmanager:UntagResource",
        ]
        Resource  = "${local.arn[r].prefix}:secretsmanager:${local.arn[r].regional}:secret:${local.arn[r].name}/*"
        Condition = local.in_region[r]
      },
      local.federation_key_unreadable[r],
      local.federation_peer_parameters[r],
      {
        Sid       = "RandomKeyMaterial"
        Effect    = "Allow"
        Action    = ["secretsmanager:GetRandomPassword"]
        Resource  = "*"
        Condition = local.in_region[r]
      },
      {
        Sid    = "ThisRegionsLedgerAndAccessLogBuckets"
        Effect = "Allow"
        Action = [
          "s3:CreateBucket", "s3:DeleteBucket", "s3:ListBucket",
          "s3:GetBucket*", "s3:PutBucketVersioning", "s3:PutBucketObjectLockConfiguration", "s3:PutBucketOwnershipControls",
          "s3:PutBucketPublicAccessBlock", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketTagging",
          "s3:PutEncryptionConfiguration", "s3:GetEncryptionConfiguration",
          "s3:GetAccelerateConfiguration", "s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration",
          "s3:GetReplicationConfiguration",
        ]
        Resource = [
          "arn:${local.partition}:s3:::${local.arn[r].name}-ledger-${local.account_id}",
          "arn:${local.partition}:s3:::${local.arn[r].name}-alb-logs-${local.account_id}",
        ]
        Condition = local.in_region[r]
      },
    ]
  } }

  deploy_policy_documents = merge([
    for r in local.regions : {
      for concern, statements in local.deploy_policies[r] : "${r}/${concern}" => {
        Version   = "2012-10-17"
        Statement = statements
      }
    }
  ]...)

  # terraform plan: refresh every resource of the root (read-only calls), hold
  # the state lock, write the saved plan. It reads the service key secrets
  # because refreshing aws_secretsmanager_secret_version reads the value.
  plan_policy_documents = { for r in local.regions : r => {
    Version = "2012-10-17"
    Statement = concat(local.state_statements[r], [
      {
        Sid       = "StateReadLockAndSavedPlanWrite"
        Effect    = "Allow"
        Action    = ["s3:GetObject"]
        Resource  = "arn:${local.partition}:s3:::${local.state_buckets[r]}/charter/${r}.tfstate"
        Condition = local.in_region[r]
      },
      {
        Sid    = "LockAndSavedPlan"
        Effect = "Allow"
        Action = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
        Resource = [
          "arn:${local.partition}:s3:::${local.state_buckets[r]}/charter/${r}.tfstate.tflock",
          "arn:${local.partition}:s3:::${local.state_buckets[r]}/plans/${r}/*",
        ]
        Condition = local.in_region[r]
      },
      {
        Sid    = "RefreshRegionResources"
        Effect = "Allow"
        Action = [
          "ec2:Describe*", "elasticloadbalancing:Describe*",
          "ecs:Describe*", "ecs:List*", "application-autoscaling:Describe*", "application-autoscaling:ListTagsForResource",
          "cloudwatch:DescribeAlarms", "logs:DescribeLogGroups", "logs:ListTagsForResource", "logs:ListTagsLogGroup",
          "ecr:DescribeRepositories", "ecr:DescribeImages", "ecr:GetLifecyclePolicy", "ecr:GetRepositoryPolicy", "ecr:ListTagsForResource",
          "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags", "kms:ListAliases",
          "rds:Describe*", "rds:ListTagsForResource",
          "secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy", "secretsmanager:GetRandomPassword",
        ]
        Resource  = "*"
        Condition = local.in_region[r]
      },
      {
        Sid       = "RefreshServiceKeySecrets"
        Effect    = "Allow"
        Action    = ["secretsmanager:GetSecretValue"]
        Resource  = "${local.arn[r].prefix}:secretsmanager:${local.arn[r].regional}:secret:${local.arn[r].name}/*"
        Condition = local.in_region[r]
      },
      local.federation_key_unreadable[r],
      local.federation_peer_parameters[r],
      {
        Sid    = "RefreshLedgerAndAccessLogBuckets"
        Effect = "Allow"
        Action = [
          "s3:ListBucket", "s3:GetBucket*", "s3:GetEncryptionConfiguration", "s3:GetAccelerateConfiguration",
          "s3:GetLifecycleConfiguration", "s3:GetReplicationConfiguration",
        ]
        Resource = [
          "arn:${local.partition}:s3:::${local.arn[r].name}-ledger-${local.account_id}",
          "arn:${local.partition}:s3:::${local.arn[r].name}-alb-logs-${local.account_id}",
        ]
        Condition = local.in_region[r]
      },
      {
        Sid      = "RefreshServiceRoles"
        Effect   = "Allow"
        Action   = ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies"]
        Resource = "${local.arn[r].prefix}:iam::${local.account_id}:role/${local.arn[r].name}-*"
      },
      {
        # The plan role is listed in the region key's admin_role_arns so that
        # it can read the key and, through Secrets Manager, the secrets it
        # refreshes (the key policy names its principals; IAM alone cannot
        # grant on that key). This explicit deny takes back every key
        # operation that is not a read.
        Sid    = "PlanRoleNeverChangesOrUsesKeys"
        Effect = "Deny"
        Action = [
          "kms:Create*", "kms:Delete*", "kms:Disable*", "kms:Enable*", "kms:Put*", "kms:Update*",
          "kms:Revoke*", "kms:Retire*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion",
          "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand", "kms:ImportKeyMaterial", "kms:ReplicateKey",
          "kms:Sign", "kms:GenerateMac",
        ]
        Resource = "*"
      },
      {
        # ...and every encryption except S3's for its own state bucket (the
        # lock file and the saved plan).
        Sid      = "PlanRoleEncryptsOnlyItsStateObjects"
        Effect   = "Deny"
        Action   = ["kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
        Resource = "*"
        Condition = {
          StringNotEquals = { "kms:EncryptionContext:aws:s3:arn" = "arn:${local.partition}:s3:::${local.state_buckets[r]}" }
        }
      },
      local.other_regions_deny[r],
    ])
  } }
}
